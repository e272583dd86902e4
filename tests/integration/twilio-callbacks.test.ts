import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import { accounts, invitations, permissionGroups, webhookEvents } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { listInvitationEvents } from '@/lib/delivery/invitation-events';
import { providersFromEnv } from '@/lib/delivery/providers';
import { processTwilioCallbackRequest, twilioCallbackUrl } from '@/lib/delivery/twilio-callbacks';
import { drainOutbox } from '@/lib/outbox/drain';
import { startFakeTwilio, twilioStatusRequest } from '../helpers/fake-twilio';
import { inviteAccount } from '../helpers/invitations';
import { type TestDatabase, createTestDatabase, orgIdByCode, seedDemo } from '../helpers/test-db';

const APP_URL = 'https://portal.example.com';
const AUTH_TOKEN = `token-${randomUUID()}`;
const CALLBACK_URL = `${APP_URL}/api/webhooks/twilio`;

describe('Twilio status callbacks', () => {
  let t: TestDatabase;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let orgId: string;
  let groupId: string;
  let device = 0;

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    twilio = await startFakeTwilio({ authToken: AUTH_TOKEN });
    orgId = await orgIdByCode(t.db, '2001');
    const [group] = await t.db
      .select({ id: permissionGroups.id })
      .from(permissionGroups)
      .where(eq(permissionGroups.organizationId, orgId));
    groupId = group!.id;
  });
  after(async () => {
    await twilio?.close();
    await t?.close();
  });

  const env = () =>
    parseEnv({
      APP_URL,
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC123',
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_BASE_URL: twilio.url,
    });

  /** A device-# account invited by SMS, sent through the configured Twilio (the fake): its invitation and sid. */
  async function smsInvitation() {
    device += 1;
    const deviceNumber = `+1415555${String(7000 + device)}`;
    const [account] = await t.db
      .insert(accounts)
      .values({
        organizationId: orgId,
        permissionGroupId: groupId,
        firstName: 'Sms',
        lastName: `Device${device}`,
        deviceNumber,
      })
      .returning();
    await inviteAccount(t.db, account!.id);
    await drainOutbox(t.db, { providers: providersFromEnv(t.db, env()), deadlineMs: 10_000 });
    const [invitation] = await t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.accountId, account!.id), isNull(invitations.supersededAt)));
    const sms = twilio.received.find((r) => r.to === deviceNumber)!;
    return { invitationId: invitation!.id, sid: sms.sid, sms };
  }

  const post = (request: Request) =>
    processTwilioCallbackRequest(request, {
      authToken: AUTH_TOKEN,
      callbackUrl: twilioCallbackUrl(APP_URL),
      getDb: () => Promise.resolve(t.db),
    });
  const stateOf = async (invitationId: string) =>
    (await t.db.select().from(invitations).where(eq(invitations.id, invitationId)))[0]!.deliveryState;
  const history = async (invitationId: string) =>
    (await listInvitationEvents(t.db, [invitationId])).map((e) => (e.detail ? `${e.state} (${e.detail})` : e.state));
  const recordedCallbacks = async () => (await t.db.select({ n: count() }).from(webhookEvents))[0]!.n;

  it('sends each SMS with the callback URL of APP_URL, and the drainer writes a "sent" event', async () => {
    const { invitationId, sms } = await smsInvitation();
    assert.equal(sms.statusCallback, CALLBACK_URL);
    assert.equal(await stateOf(invitationId), 'sent');
    assert.deepEqual(await history(invitationId), ['sent']);
  });

  it('a signed "delivered" moves the invitation to Delivered and writes an event', async () => {
    const { invitationId, sid } = await smsInvitation();
    const response = await post(twilio.statusCallback(sid, 'delivered'));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, result: 'updated', state: 'delivered', invitations: 1 });
    assert.equal(await stateOf(invitationId), 'delivered');
    assert.deepEqual(await history(invitationId), ['sent', 'delivered']);
  });

  it('a bad or missing signature answers 403 and changes nothing', async () => {
    const { invitationId, sid, sms } = await smsInvitation();
    const params = { MessageSid: sid, MessageStatus: 'delivered', To: sms.to };
    const before = await recordedCallbacks();
    const forged = [
      twilioStatusRequest(CALLBACK_URL, params, { authToken: 'not-the-token' }),
      twilioStatusRequest(CALLBACK_URL, params, { authToken: AUTH_TOKEN, signature: null }),
      twilioStatusRequest(CALLBACK_URL, params, { authToken: AUTH_TOKEN, signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }),
      // Signed for the address the request was made to, not the configured one: the URL comes from APP_URL.
      twilioStatusRequest('https://attacker.example/api/webhooks/twilio', params, { authToken: AUTH_TOKEN }),
    ];
    // A genuine signature over other parameters.
    const genuine = twilio.statusCallback(sid, 'sent');
    forged.push(
      new Request(CALLBACK_URL, {
        method: 'POST',
        headers: genuine.headers,
        body: new URLSearchParams({ ...params, MessageStatus: 'delivered' }).toString(),
      }),
    );
    for (const request of forged) {
      const response = await post(request);
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), { error: 'invalid_signature' });
    }
    assert.equal(await stateOf(invitationId), 'sent');
    assert.deepEqual(await history(invitationId), ['sent']);
    assert.equal(await recordedCallbacks(), before);
  });

  it('a replay changes nothing; a late "sent" after "delivered" leaves Delivered', async () => {
    const { invitationId, sid } = await smsInvitation();
    assert.equal((await post(twilio.statusCallback(sid, 'delivered'))).status, 200);
    const replay = await post(twilio.statusCallback(sid, 'delivered'));
    assert.equal(replay.status, 200);
    assert.deepEqual(await replay.json(), { ok: true, result: 'duplicate' });
    const late = await post(twilio.statusCallback(sid, 'sent'));
    assert.deepEqual(await late.json(), { ok: true, result: 'unchanged', state: 'delivered' });
    assert.equal(await stateOf(invitationId), 'delivered');
    // The late report is history (the drainer's "sent", then Twilio's), written once.
    assert.deepEqual(await history(invitationId), ['sent', 'delivered', 'sent']);
    assert.deepEqual(await (await post(twilio.statusCallback(sid, 'sent'))).json(), { ok: true, result: 'duplicate' });
    assert.deepEqual(await history(invitationId), ['sent', 'delivered', 'sent']);
  });

  it('undelivered is Bounced (detail "undelivered"), failed is Failed; neither goes back', async () => {
    const bounced = await smsInvitation();
    assert.equal((await post(twilio.statusCallback(bounced.sid, 'undelivered', { ErrorCode: '30003' }))).status, 200);
    assert.equal(await stateOf(bounced.invitationId), 'bounced');
    await post(twilio.statusCallback(bounced.sid, 'delivered'));
    assert.equal(await stateOf(bounced.invitationId), 'bounced');
    assert.deepEqual(await history(bounced.invitationId), ['sent', 'bounced (undelivered)', 'delivered']);

    const failed = await smsInvitation();
    await post(twilio.statusCallback(failed.sid, 'failed'));
    assert.equal(await stateOf(failed.invitationId), 'failed');
    assert.deepEqual(await history(failed.invitationId), ['sent', 'failed']);
  });

  it('an unknown MessageSid, or a status that sets nothing, answers 200 and changes nothing', async () => {
    const { invitationId, sid, sms } = await smsInvitation();
    const before = await recordedCallbacks();
    const unknown = twilioStatusRequest(
      CALLBACK_URL,
      { MessageSid: 'SM99999999999999999999999999999999', MessageStatus: 'delivered', To: sms.to },
      { authToken: AUTH_TOKEN },
    );
    const response = await post(unknown);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, result: 'unknown_message' });
    assert.deepEqual(await (await post(twilio.statusCallback(sid, 'queued'))).json(), { ok: true, result: 'ignored' });
    assert.equal(await recordedCallbacks(), before);
    assert.equal(await stateOf(invitationId), 'sent');
    assert.deepEqual(await history(invitationId), ['sent']);
  });

  it('a signed form without a message or status is a 400; no auth token configured is a 503', async () => {
    const incomplete = await post(
      twilioStatusRequest(CALLBACK_URL, { AccountSid: 'AC123' }, { authToken: AUTH_TOKEN }),
    );
    assert.equal(incomplete.status, 400);
    const unconfigured = await processTwilioCallbackRequest(
      twilioStatusRequest(CALLBACK_URL, { MessageSid: 'SM1', MessageStatus: 'sent' }, { authToken: AUTH_TOKEN }),
      { authToken: undefined, callbackUrl: CALLBACK_URL, getDb: () => Promise.resolve(t.db) },
    );
    assert.equal(unconfigured.status, 503);
  });
});
