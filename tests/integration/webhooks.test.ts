import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { accounts, invitations, outboxMessages, permissionGroups, webhookEvents } from '@/db/schema';
import {
  type DeliveryState,
  type ResendWebhookEvent,
  handleResendWebhook,
  processResendWebhookRequest,
} from '@/lib/delivery/webhooks';
import { listInvitationEvents } from '@/lib/delivery/invitation-events';
import { type TestDatabase, createTestDatabase, orgIdByCode, seedDemo } from '../helpers/test-db';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

describe('Resend delivery webhooks', () => {
  let t: TestDatabase;
  let orgId: string;
  let groupId: string;

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    orgId = await orgIdByCode(t.db, '2001');
    const [group] = await t.db
      .select({ id: permissionGroups.id })
      .from(permissionGroups)
      .where(eq(permissionGroups.organizationId, orgId));
    groupId = group!.id;
  });
  after(async () => {
    await t?.close();
  });

  /** A pending account whose current invitation was sent through Resend as `emailId`. */
  async function sentInvitation(options: { state?: DeliveryState; viaOutbox?: boolean } = {}) {
    const emailId = `re_${randomUUID()}`;
    const email = `webhook.${randomUUID()}@acme.test`;
    const now = new Date();
    const expires = new Date(now.getTime() + 86_400_000);
    const [account] = await t.db
      .insert(accounts)
      .values({
        organizationId: orgId,
        permissionGroupId: groupId,
        firstName: 'Web',
        lastName: 'Hook',
        email,
        status: 'invited',
        invitedAt: now,
        invitationExpiresAt: expires,
      })
      .returning();
    const [invitation] = await t.db
      .insert(invitations)
      .values({
        accountId: account!.id,
        channel: 'email',
        destination: email,
        passwordHash: `hash-${randomUUID()}`,
        tokenHash: `token-${randomUUID()}`,
        expiresAt: expires,
        deliveryState: options.state ?? 'sent',
        providerMessageId: options.viaOutbox ? null : emailId,
      })
      .returning();
    if (options.viaOutbox) {
      await t.db.insert(outboxMessages).values({
        channel: 'email',
        invitationId: invitation!.id,
        recipient: email,
        template: 'account-invitation',
        payload: {},
        status: 'sent',
        idempotencyKey: `msg_${randomUUID()}`,
        providerMessageId: emailId,
      });
    }
    return { invitationId: invitation!.id, emailId };
  }

  const stateOf = async (invitationId: string) => {
    const [row] = await t.db.select().from(invitations).where(eq(invitations.id, invitationId));
    return row!;
  };
  const event = (type: string, emailId: string | null, createdAt?: Date): ResendWebhookEvent => ({
    id: `msg_${randomUUID()}`,
    type,
    emailId,
    createdAt: createdAt ?? null,
  });
  const eventCount = async () => (await t.db.select({ n: count() }).from(webhookEvents))[0]!.n;

  const cases: [string, DeliveryState, DeliveryState][] = [
    ['email.sent', 'queued', 'sent'],
    ['email.delivered', 'sent', 'delivered'],
    ['email.bounced', 'sent', 'bounced'],
    ['email.complained', 'delivered', 'complained'],
    ['email.failed', 'sent', 'failed'],
    ['email.suppressed', 'sent', 'failed'],
  ];
  for (const [type, from, to] of cases) {
    it(`${type} moves ${from} to ${to} and stamps the event time`, async () => {
      const inv = await sentInvitation({ state: from });
      const at = new Date('2030-01-02T03:04:05.000Z');
      const outcome = await handleResendWebhook(t.db, event(type, inv.emailId, at));
      assert.deepEqual(outcome, { result: 'updated', state: to, invitations: 1 });
      const row = await stateOf(inv.invitationId);
      assert.equal(row.deliveryState, to);
      assert.equal(row.deliveryUpdatedAt?.toISOString(), at.toISOString());
    });
  }

  it('finds the invitation through its outbox message when the invitation has no provider id', async () => {
    const inv = await sentInvitation({ viaOutbox: true });
    const outcome = await handleResendWebhook(t.db, event('email.delivered', inv.emailId));
    assert.equal(outcome.result, 'updated');
    assert.equal((await stateOf(inv.invitationId)).deliveryState, 'delivered');
  });

  it('records email.delivery_delayed without changing the state', async () => {
    const inv = await sentInvitation();
    const e = event('email.delivery_delayed', inv.emailId);
    assert.deepEqual(await handleResendWebhook(t.db, e), { result: 'ignored' });
    assert.equal((await stateOf(inv.invitationId)).deliveryState, 'sent');
    const [recorded] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, e.id));
    assert.equal(recorded?.type, 'email.delivery_delayed');
  });

  it('ignores event types it does not know, and records them', async () => {
    const inv = await sentInvitation();
    const before = await eventCount();
    assert.deepEqual(await handleResendWebhook(t.db, event('email.opened', inv.emailId)), { result: 'ignored' });
    assert.deepEqual(await handleResendWebhook(t.db, event('contact.created', null)), { result: 'ignored' });
    assert.equal((await stateOf(inv.invitationId)).deliveryState, 'sent');
    assert.equal(await eventCount(), before + 2);
  });

  it('acknowledges an old event for an email id that no invitation carries', async () => {
    const before = await eventCount();
    const old = new Date(Date.now() - 60 * 60_000);
    const outcome = await handleResendWebhook(t.db, event('email.bounced', `re_${randomUUID()}`, old));
    assert.deepEqual(outcome, { result: 'unknown_email' });
    assert.equal(await eventCount(), before + 1);
  });

  it('asks to be retried for a recent event whose email id is not known yet, and records nothing', async () => {
    const before = await eventCount();
    const e = event('email.delivered', `re_${randomUUID()}`, new Date());
    assert.deepEqual(await handleResendWebhook(t.db, e), { result: 'retry_later' });
    assert.equal(await eventCount(), before, 'the retry will be processed afresh');
  });

  it('changes nothing on a replay of the same webhook id', async () => {
    const inv = await sentInvitation();
    const delivered = event('email.delivered', inv.emailId);
    assert.equal((await handleResendWebhook(t.db, delivered)).result, 'updated');
    const afterFirst = await stateOf(inv.invitationId);
    // Meanwhile the state moved on; replaying the old event must not touch it.
    await t.db
      .update(invitations)
      .set({ deliveryState: 'sent', deliveryUpdatedAt: new Date('2020-01-01T00:00:00Z') })
      .where(eq(invitations.id, inv.invitationId));
    const count = await eventCount();
    assert.deepEqual(await handleResendWebhook(t.db, delivered), { result: 'duplicate' });
    const row = await stateOf(inv.invitationId);
    assert.equal(row.deliveryState, 'sent');
    assert.equal(row.deliveryUpdatedAt?.toISOString(), '2020-01-01T00:00:00.000Z');
    assert.equal(await eventCount(), count);
    assert.equal(afterFirst.deliveryState, 'delivered');
  });

  it('never downgrades: late sent or delivered after bounced, anything after complained', async () => {
    const inv = await sentInvitation();
    assert.equal((await handleResendWebhook(t.db, event('email.bounced', inv.emailId))).result, 'updated');
    const bouncedAt = (await stateOf(inv.invitationId)).deliveryUpdatedAt;
    for (const type of ['email.delivered', 'email.sent', 'email.failed', 'email.complained']) {
      const outcome = await handleResendWebhook(t.db, event(type, inv.emailId));
      assert.deepEqual(outcome, { result: 'unchanged', state: 'bounced' }, type);
    }
    const row = await stateOf(inv.invitationId);
    assert.equal(row.deliveryState, 'bounced');
    assert.equal(row.deliveryUpdatedAt?.toISOString(), bouncedAt?.toISOString());

    const other = await sentInvitation();
    await handleResendWebhook(t.db, event('email.complained', other.emailId));
    for (const type of ['email.bounced', 'email.delivered', 'email.failed']) {
      await handleResendWebhook(t.db, event(type, other.emailId));
    }
    assert.equal((await stateOf(other.invitationId)).deliveryState, 'complained');
  });

  it('applies delivered then sent in either order to end at delivered', async () => {
    const inv = await sentInvitation({ state: 'queued' });
    await handleResendWebhook(t.db, event('email.delivered', inv.emailId));
    assert.deepEqual(await handleResendWebhook(t.db, event('email.sent', inv.emailId)), {
      result: 'unchanged',
      state: 'delivered',
    });
    assert.equal((await stateOf(inv.invitationId)).deliveryState, 'delivered');
  });

  it('writes an event for each state reported, at its time, out of order too, and none on a replay', async () => {
    const inv = await sentInvitation({ state: 'sent' });
    const deliveredAt = new Date('2030-01-02T03:04:05.000Z');
    const delivered = event('email.delivered', inv.emailId, deliveredAt);
    await handleResendWebhook(t.db, delivered);
    await handleResendWebhook(t.db, delivered);
    await handleResendWebhook(t.db, event('email.delivery_delayed', inv.emailId));
    await handleResendWebhook(t.db, event('email.sent', inv.emailId, new Date('2030-01-02T03:04:00.000Z')));
    const events = await listInvitationEvents(t.db, [inv.invitationId]);
    assert.deepEqual(
      events.map((e) => [e.state, e.occurredAt.toISOString()]),
      [
        ['delivered', '2030-01-02T03:04:05.000Z'],
        ['sent', '2030-01-02T03:04:00.000Z'],
      ],
    );
    assert.equal((await stateOf(inv.invitationId)).deliveryState, 'delivered');
  });

  it('lets a bounce or complaint refine failed and delivered, but not the reverse', async () => {
    const failed = await sentInvitation({ state: 'failed' });
    await handleResendWebhook(t.db, event('email.bounced', failed.emailId));
    assert.equal((await stateOf(failed.invitationId)).deliveryState, 'bounced');

    const delivered = await sentInvitation({ state: 'delivered' });
    await handleResendWebhook(t.db, event('email.failed', delivered.emailId));
    assert.equal((await stateOf(delivered.invitationId)).deliveryState, 'failed');
    await handleResendWebhook(t.db, event('email.delivered', delivered.emailId));
    assert.equal((await stateOf(delivered.invitationId)).deliveryState, 'failed');
  });

  describe('POST /api/webhooks/resend (processResendWebhookRequest)', () => {
    const post = (body: string, headers: Record<string, string>) =>
      new Request('http://localhost/api/webhooks/resend', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const signed = (body: string, options: { id?: string; at?: Date; prefix?: 'svix' | 'webhook' } = {}) => {
      const id = options.id ?? `msg_${randomUUID()}`;
      const at = options.at ?? new Date();
      const prefix = options.prefix ?? 'svix';
      return {
        [`${prefix}-id`]: id,
        [`${prefix}-timestamp`]: String(Math.floor(at.getTime() / 1000)),
        [`${prefix}-signature`]: new Webhook(SECRET).sign(id, at, body),
      };
    };
    const deps = (secret: string | undefined = SECRET) => ({ secret, getDb: () => Promise.resolve(t.db) });
    const unconfigured = { secret: undefined, getDb: () => Promise.resolve(t.db) };
    const payload = (type: string, emailId: string) =>
      JSON.stringify({ type, created_at: new Date().toISOString(), data: { email_id: emailId, to: ['x@y.test'] } });

    it('applies a correctly signed event, then answers a replay as a duplicate', async () => {
      const inv = await sentInvitation();
      const body = payload('email.delivered', inv.emailId);
      const headers = signed(body);
      const first = await processResendWebhookRequest(post(body, headers), deps());
      assert.equal(first.status, 200);
      assert.deepEqual(await first.json(), { ok: true, result: 'updated', state: 'delivered', invitations: 1 });
      assert.equal((await stateOf(inv.invitationId)).deliveryState, 'delivered');

      const replay = await processResendWebhookRequest(post(body, headers), deps());
      assert.equal(replay.status, 200);
      assert.deepEqual(await replay.json(), { ok: true, duplicate: true });
    });

    it('accepts the standard webhook-* headers too', async () => {
      const inv = await sentInvitation();
      const body = payload('email.bounced', inv.emailId);
      const res = await processResendWebhookRequest(post(body, signed(body, { prefix: 'webhook' })), deps());
      assert.equal(res.status, 200);
      assert.equal((await stateOf(inv.invitationId)).deliveryState, 'bounced');
    });

    it('refuses a tampered body, a wrong secret, missing headers and a stale timestamp with 401', async () => {
      const inv = await sentInvitation();
      const body = payload('email.bounced', inv.emailId);
      const tampered = body.replace('email.bounced', 'email.complained');
      const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;
      const requests: [string, Request][] = [
        ['tampered body', post(tampered, signed(body))],
        [
          'wrong secret',
          post(body, { ...signed(body), 'svix-signature': new Webhook(otherSecret).sign('x', new Date(), body) }),
        ],
        ['no headers', post(body, {})],
        ['stale timestamp', post(body, signed(body, { at: new Date(Date.now() - 10 * 60_000) }))],
        ['garbage signature', post(body, { ...signed(body), 'svix-signature': 'v1,AAAA' })],
      ];
      const before = await eventCount();
      for (const [name, request] of requests) {
        const res = await processResendWebhookRequest(request, deps());
        assert.equal(res.status, 401, name);
        const json = (await res.json()) as Record<string, unknown>;
        assert.deepEqual(json, { error: 'invalid_signature' }, name);
      }
      assert.equal((await stateOf(inv.invitationId)).deliveryState, 'sent');
      assert.equal(await eventCount(), before, 'nothing recorded');
    });

    it('answers 503 when no webhook secret is configured, and touches nothing', async () => {
      const inv = await sentInvitation();
      const body = payload('email.bounced', inv.emailId);
      const res = await processResendWebhookRequest(post(body, signed(body)), unconfigured);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { error: 'webhooks_not_configured' });
      assert.equal((await stateOf(inv.invitationId)).deliveryState, 'sent');
    });

    it('answers 400 to a signed body that is not a Resend event', async () => {
      for (const body of ['not json', JSON.stringify({ data: {} })]) {
        const res = await processResendWebhookRequest(post(body, signed(body)), deps());
        assert.equal(res.status, 400, body);
        assert.deepEqual(await res.json(), { error: 'invalid_payload' });
      }
    });

    it('answers 500 without details when the database fails, and the retry then succeeds', async () => {
      const inv = await sentInvitation();
      const body = payload('email.bounced', inv.emailId);
      const headers = signed(body);
      // A real database that is gone (closed), not a stand-in.
      const gone = await createTestDatabase();
      await gone.close();
      const original = console.error;
      console.error = () => {};
      let res: Response;
      try {
        res = await processResendWebhookRequest(post(body, headers), {
          secret: SECRET,
          getDb: () => Promise.resolve(gone.db),
        });
      } finally {
        console.error = original;
      }
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { error: 'internal_error' });
      // Svix retries; the retry is processed normally.
      const retry = await processResendWebhookRequest(post(body, headers), deps());
      assert.equal(retry.status, 200);
      assert.equal((await stateOf(inv.invitationId)).deliveryState, 'bounced');
    });
  });
});
