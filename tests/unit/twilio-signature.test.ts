import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidTwilioSignature, twilioSignature } from '@/lib/delivery/twilio-signature';
import { signTwilioRequest } from '../helpers/fake-twilio';

// The example of Twilio's request-validation documentation (its helper libraries' docs, e.g.
// twilio-php's "Validate Incoming Requests"): this token, URL and form give this signature.
const EXAMPLE = {
  authToken: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  params: {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+14158675309',
    Digits: '1234',
    From: '+14158675309',
    To: '+18005551212',
  },
  signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
};

describe('Twilio request signatures', () => {
  it('match the published example', () => {
    const form = new URLSearchParams(EXAMPLE.params);
    assert.equal(twilioSignature(EXAMPLE.authToken, EXAMPLE.url, form), EXAMPLE.signature);
    assert.ok(isValidTwilioSignature(EXAMPLE.authToken, EXAMPLE.signature, EXAMPLE.url, form));
  });

  it('sort the parameters by name, whatever order they were posted in', () => {
    const reversed = new URLSearchParams(Object.entries(EXAMPLE.params).reverse());
    assert.equal(twilioSignature(EXAMPLE.authToken, EXAMPLE.url, reversed), EXAMPLE.signature);
  });

  it('agree with the test suite’s own signer on a status callback', () => {
    const params = {
      MessageSid: 'SM00000000000000000000000000000001',
      MessageStatus: 'delivered',
      To: '+14155550142',
      Body: 'Ünïcode & spaces + plus',
    };
    const url = 'https://portal.example.com/api/webhooks/twilio';
    assert.equal(twilioSignature('token', url, new URLSearchParams(params)), signTwilioRequest('token', url, params));
  });

  it('refuse a missing, altered or foreign signature, another URL, another token or another value', () => {
    const form = new URLSearchParams(EXAMPLE.params);
    const { authToken, url, signature } = EXAMPLE;
    assert.equal(isValidTwilioSignature(authToken, null, url, form), false);
    assert.equal(isValidTwilioSignature(authToken, '', url, form), false);
    assert.equal(isValidTwilioSignature(authToken, signature.replace('R', 'S'), url, form), false);
    assert.equal(isValidTwilioSignature(authToken, `${signature}=`, url, form), false);
    assert.equal(isValidTwilioSignature(authToken, signature, 'https://mycompany.com/myapp.php', form), false);
    assert.equal(isValidTwilioSignature('54321', signature, url, form), false);
    const altered = new URLSearchParams({ ...EXAMPLE.params, Digits: '9999' });
    assert.equal(isValidTwilioSignature(authToken, signature, url, altered), false);
    const added = new URLSearchParams({ ...EXAMPLE.params, Extra: '' });
    assert.equal(isValidTwilioSignature(authToken, signature, url, added), false);
  });
});
