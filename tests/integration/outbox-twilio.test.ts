import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import { outboxMessages } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { MailboxEmailProvider } from '@/lib/delivery/mailbox-provider';
import { providersFromEnv, UnconfiguredEmailProvider, UnconfiguredSmsProvider } from '@/lib/delivery/providers';
import { TwilioSmsProvider } from '@/lib/delivery/twilio-provider';
import { drainOutbox } from '@/lib/outbox/drain';
import { startFakeTwilio } from '../helpers/fake-twilio';
import { queueInvitations } from '../helpers/outbox-fixtures';
import { type TestDatabase, createTestDatabase } from '../helpers/test-db';

describe('SMS through the Twilio adapter', () => {
  let t: TestDatabase;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  before(async () => {
    t = await createTestDatabase();
    twilio = await startFakeTwilio();
  });
  after(async () => {
    await twilio.close();
    await t.close();
  });

  it('posts the SMS with basic auth and records Twilio’s id; a refused number fails alone', async () => {
    const sms = new TwilioSmsProvider({
      accountSid: 'AC123',
      authToken: 'secret',
      from: '+15005550006',
      baseUrl: twilio.url,
      statusCallbackUrl: 'https://portal.example/api/webhooks/twilio',
    });
    const ids = await queueInvitations(t.db, 2, {
      tag: 'sms',
      channel: 'sms',
      recipient: (i) => (i === 0 ? '+14155550142' : '+14155550400'),
    });
    await drainOutbox(t.db, { providers: { email: new MailboxEmailProvider(t.db), sms }, deadlineMs: 10_000 });

    const rows = await t.db
      .select()
      .from(outboxMessages)
      .where(inArray(outboxMessages.id, ids))
      .orderBy(outboxMessages.id);
    assert.equal(rows[0]!.status, 'sent');
    assert.match(rows[0]!.providerMessageId ?? '', /^SM\d{32}$/);
    assert.equal(rows[1]!.status, 'failed');
    assert.match(rows[1]!.lastError ?? '', /Twilio 400 \(21211\)/);

    const first = twilio.received.find((r) => r.to === '+14155550142')!;
    assert.equal(first.path, '/2010-04-01/Accounts/AC123/Messages.json');
    assert.equal(first.from, '+15005550006');
    assert.equal(first.statusCallback, 'https://portal.example/api/webhooks/twilio');
    assert.equal(first.authorization, `Basic ${Buffer.from('AC123:secret').toString('base64')}`);
    assert.match(first.body, /https:\/\/portal\.example\/activate\/sms_0/);
    assert.match(first.body, /PW0-ABCD-EFGH/);
  });

  it('a 401 keeps the message for a retry once the configuration is fixed', async () => {
    const sms = new TwilioSmsProvider({
      accountSid: 'AC123',
      authToken: 'wrong',
      from: '+15005550006',
      baseUrl: twilio.url,
    });
    const [id] = await queueInvitations(t.db, 1, { tag: 'auth', channel: 'sms', recipient: () => '+14155550401' });
    await drainOutbox(t.db, { providers: { email: new MailboxEmailProvider(t.db), sms }, deadlineMs: 5_000 });
    const [row] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id!));
    assert.notEqual(row!.status, 'sent');
    assert.notEqual(row!.status, 'failed');
  });

  it('the configuration picks the providers', () => {
    const twilioEnv = parseEnv({
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC1',
      TWILIO_AUTH_TOKEN: 't',
      TWILIO_FROM: '+15005550006',
    });
    assert.ok(providersFromEnv(t.db, twilioEnv).sms instanceof TwilioSmsProvider);
    // The mailbox is not served once a real provider is configured, so email must not land there.
    assert.ok(providersFromEnv(t.db, twilioEnv).email instanceof UnconfiguredEmailProvider);
    assert.ok(providersFromEnv(t.db, parseEnv({})).email instanceof MailboxEmailProvider);
    const resendOnly = parseEnv({ RESEND_API_KEY: 're_1' });
    assert.ok(providersFromEnv(t.db, resendOnly).sms instanceof UnconfiguredSmsProvider);
  });
});
