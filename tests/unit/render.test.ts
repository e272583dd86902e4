import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderEmail, renderEmailDirect, renderSms } from '@/lib/delivery/render';
import type { AccountInvitationProps, AdministratorInvitationProps } from '@/emails/types';

const account: AccountInvitationProps = {
  firstName: `Zoë <b>"O'Brien"</b> & co`,
  lastName: 'Lovelace',
  organizationName: `Acme & Sons <script>alert('x')</script>`,
  username: `ada+"tag"@acme.test`,
  password: 'K7QX-M4PZ-R9TW',
  activationUrl: `https://portal.example/activate/tok_abc?x=1&y="2"&z='3'`,
  assignedNumber: '+12125550100',
  expiresAt: '2030-01-31T12:00:00.000Z',
  appStoreUrl: 'https://apps.apple.com/app/multiline?a=1&b=2',
  playStoreUrl: 'https://play.google.com/store/apps/details?id=com.multiline',
};

const admin: AdministratorInvitationProps = {
  name: `Sam <Admin> & "friends"`,
  organizationName: `Globex's <Sales>`,
  role: 'owner',
  invitedByName: `Olivia "O" Owner`,
  setPasswordUrl: 'https://portal.example/set-password/tok?a=1&b=2',
  expiresAt: '2030-02-01T00:00:00.000Z',
};

describe('renderEmail', () => {
  it('equals a direct React render, for both account variants and with <>&"\' in every value', async () => {
    for (const props of [account, { ...account, assignedNumber: null }]) {
      const fast = await renderEmail('account-invitation', props);
      const direct = await renderEmailDirect('account-invitation', props);
      assert.equal(fast.html, direct.html);
      assert.equal(fast.text, direct.text);
      assert.equal(fast.subject, direct.subject);
    }
    const fast = await renderEmail('administrator-invitation', admin);
    const direct = await renderEmailDirect('administrator-invitation', admin);
    assert.deepEqual(fast, direct);
  });

  it('escapes every value in the HTML, keeps the text raw and leaves no marker', async () => {
    const email = await renderEmail('account-invitation', account);
    assert.equal(email.subject, `Your MultiLine invitation from ${account.organizationName}`);
    for (const value of [account.firstName, account.organizationName, account.username, account.activationUrl]) {
      assert.ok(email.html.includes(escapeHtml(value)), `escaped ${value}`);
      assert.ok(email.text.includes(value), `raw in text: ${value}`);
    }
    assert.ok(!email.html.includes('<script>'), 'no injected markup');
    assert.ok(email.html.includes('K7QX-M4PZ-R9TW'));
    assert.ok(email.html.includes('+1 212 555 0100'), 'the number, formatted');
    assert.ok(email.html.includes('January 31, 2030 (UTC)'));
    assert.ok(email.html.includes('App Store') && email.html.includes('Google Play'));
    for (const part of [email.html, email.text, email.subject]) assert.ok(!part.includes('\u2063'), 'no marker left');

    const choose = await renderEmail('account-invitation', { ...account, assignedNumber: null });
    assert.ok(choose.html.includes('You will choose your number when you activate.'));
    assert.ok(choose.text.includes('you will choose your number when you activate'));
    assert.ok(!choose.html.includes('+1 212 555 0100'));
  });

  it('renders the same bytes twice (a retried request must carry an identical body)', async () => {
    const a = await renderEmail('account-invitation', account);
    const b = await renderEmail('account-invitation', account);
    assert.deepEqual(a, b);
  });

  it('refuses a link that is not http(s)', async () => {
    await assert.rejects(renderEmail('account-invitation', { ...account, activationUrl: 'javascript:alert(1)' }));
  });
});

describe('renderSms', () => {
  it('carries the link and the password, and stays short', () => {
    const sms = renderSms('account-invitation', { ...account, organizationName: 'Acme Corp' });
    assert.ok(sms.includes(account.activationUrl));
    assert.ok(sms.includes(account.password));
    assert.ok(sms.length < 320, `two SMS segments at most (${sms.length})`);
  });
});
