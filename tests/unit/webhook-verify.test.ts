import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  DELIVERY_STATE_RANK,
  type DeliveryState,
  isDeliveryUpgrade,
  statesBelow,
  verifyResendWebhook,
} from '@/lib/delivery/webhooks';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const BODY = JSON.stringify({
  type: 'email.delivered',
  created_at: '2030-05-06T07:08:09.000Z',
  data: { email_id: 're_123', to: ['ada@example.test'] },
});

function headersFor(body: string, options: { id?: string; at?: Date; secret?: string; prefix?: string } = {}) {
  const id = options.id ?? 'msg_2abc';
  const at = options.at ?? new Date();
  const prefix = options.prefix ?? 'svix';
  return new Headers({
    [`${prefix}-id`]: id,
    [`${prefix}-timestamp`]: String(Math.floor(at.getTime() / 1000)),
    [`${prefix}-signature`]: new Webhook(options.secret ?? SECRET).sign(id, at, body),
  });
}

describe('verifyResendWebhook', () => {
  it('accepts a correctly signed event and reads it', () => {
    const result = verifyResendWebhook(BODY, headersFor(BODY), SECRET);
    assert.deepEqual(result, {
      ok: true,
      event: {
        id: 'msg_2abc',
        type: 'email.delivered',
        emailId: 're_123',
        createdAt: new Date('2030-05-06T07:08:09.000Z'),
      },
    });
  });

  it('accepts webhook-* headers and a secret without the whsec_ prefix', () => {
    const result = verifyResendWebhook(BODY, headersFor(BODY, { prefix: 'webhook' }), SECRET.slice('whsec_'.length));
    assert.equal(result.ok, true);
  });

  it('accepts one matching signature among several (secret rotation)', () => {
    const headers = headersFor(BODY);
    const other = new Webhook(`whsec_${randomBytes(24).toString('base64')}`).sign('msg_2abc', new Date(), BODY);
    headers.set('svix-signature', `${other} ${headers.get('svix-signature')}`);
    assert.equal(verifyResendWebhook(BODY, headers, SECRET).ok, true);
  });

  const refused = (body: string, headers: Headers, secret = SECRET) => {
    const result = verifyResendWebhook(body, headers, secret);
    assert.equal(result.ok, false);
    return result.ok ? undefined : { status: result.status, error: result.error };
  };

  it('refuses a tampered body with 401', () => {
    const tampered = BODY.replace('re_123', 're_124');
    assert.deepEqual(refused(tampered, headersFor(BODY)), { status: 401, error: 'invalid_signature' });
  });

  it('refuses a signature made with another secret', () => {
    const headers = headersFor(BODY, { secret: `whsec_${randomBytes(24).toString('base64')}` });
    assert.deepEqual(refused(BODY, headers), { status: 401, error: 'invalid_signature' });
  });

  it('refuses a changed webhook id (the id is signed too)', () => {
    const headers = headersFor(BODY);
    headers.set('svix-id', 'msg_other');
    assert.deepEqual(refused(BODY, headers), { status: 401, error: 'invalid_signature' });
  });

  it('refuses missing headers', () => {
    assert.deepEqual(refused(BODY, new Headers()), { status: 401, error: 'invalid_signature' });
    const headers = headersFor(BODY);
    headers.delete('svix-signature');
    assert.deepEqual(refused(BODY, headers), { status: 401, error: 'invalid_signature' });
  });

  it('refuses a timestamp more than five minutes old or ahead', () => {
    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const headers = headersFor(BODY, { at: new Date(Date.now() + offset) });
      assert.deepEqual(refused(BODY, headers), { status: 401, error: 'invalid_signature' }, String(offset));
    }
  });

  it('answers 503 without a secret and 500 for a secret that is not base64', () => {
    assert.deepEqual(refused(BODY, headersFor(BODY), ''), { status: 503, error: 'webhooks_not_configured' });
    assert.deepEqual(refused(BODY, headersFor(BODY), 'whsec_not base64!'), {
      status: 500,
      error: 'webhooks_misconfigured',
    });
  });

  it('answers 400 to a signed body that is not an event', () => {
    for (const body of ['{', '[]', JSON.stringify({ type: '' })]) {
      assert.deepEqual(refused(body, headersFor(body)), { status: 400, error: 'invalid_payload' }, body);
    }
  });

  it('reads an event without email id or time as nulls', () => {
    const body = JSON.stringify({ type: 'domain.updated', created_at: 'yesterday', data: { id: 'd_1' } });
    const result = verifyResendWebhook(body, headersFor(body), SECRET);
    assert.ok(result.ok);
    assert.equal(result.event.emailId, null);
    assert.equal(result.event.createdAt, null);
  });
});

describe('delivery state ranking', () => {
  const states = Object.keys(DELIVERY_STATE_RANK) as DeliveryState[];

  it('orders queued < sent < delivered < failed < bounced = complained', () => {
    assert.ok(isDeliveryUpgrade('queued', 'sent'));
    assert.ok(isDeliveryUpgrade('sent', 'delivered'));
    assert.ok(isDeliveryUpgrade('delivered', 'failed'));
    assert.ok(isDeliveryUpgrade('failed', 'bounced'));
    assert.ok(isDeliveryUpgrade('delivered', 'complained'));
    assert.ok(!isDeliveryUpgrade('bounced', 'complained'));
    assert.ok(!isDeliveryUpgrade('complained', 'bounced'));
  });

  it('treats bounced and complained as terminal', () => {
    for (const terminal of ['bounced', 'complained'] as const) {
      for (const next of states) assert.ok(!isDeliveryUpgrade(terminal, next), `${terminal} -> ${next}`);
    }
  });

  it('statesBelow agrees with isDeliveryUpgrade for every pair', () => {
    for (const target of states) {
      for (const current of states) {
        assert.equal(
          statesBelow(target).includes(current),
          isDeliveryUpgrade(current, target),
          `${current}->${target}`,
        );
      }
    }
  });
});
