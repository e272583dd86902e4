import { getEnv } from '@/lib/env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { MailboxEmailProvider, MailboxSmsProvider } from '@/lib/delivery/mailbox-provider';
import { type DrainOptions, drainOutbox } from '@/lib/outbox/drain';
import { SCRUBBED_PAYLOAD } from '@/lib/outbox/sealed-payload';
import { type TestDatabase, createTestDatabase, seedDemo } from '../helpers/test-db';
import { startFakeResend } from '../helpers/fake-resend';
import { drainUntilSettled, queueInvitations, statusCounts } from '../helpers/outbox-fixtures';
import { fakeResendProviders } from '../helpers/resend-providers';
import { sleep } from '../helpers/wait';

const FAST: Omit<DrainOptions, 'providers'> = {
  leaseSeconds: 3,
  backoffBaseMs: 10,
  backoffCapMs: 50,
  deadlineMs: 15_000,
};
const SCRUBBED = JSON.stringify(SCRUBBED_PAYLOAD);

const messages = (db: Db, ids: number[]) =>
  queryRows<{
    id: string;
    status: string;
    last_error: string | null;
    scrubbed: boolean;
    batch_id: string | null;
    solo: boolean;
  }>(
    db,
    sql`select id, status, last_error, (payload = ${SCRUBBED}::jsonb) as scrubbed, batch_id, solo from outbox_messages
        where id = any(${`{${ids.join(',')}}`}::bigint[]) order by id`,
  );

describe('outbox failures', () => {
  let t: TestDatabase;
  let invitationIds: string[];
  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    const rows = await queryRows<{ id: string }>(t.db, sql`select id from invitations order by id limit 2`);
    invitationIds = rows.map((r) => r.id);
    await t.db.execute(sql`update invitations set delivery_state = 'queued'`);
  });
  after(async () => {
    await t?.close();
  });

  it('fails a batch for good after its attempts are used up, visibly, with the payload scrubbed', async () => {
    const fake = await startFakeResend({ fault: () => ({ kind: 'status', status: 500 }) });
    try {
      const ids = await queueInvitations(t.db, 5, { tag: 'exhaust', invitationIds: [invitationIds[0]!] });
      const counts = await drainUntilSettled(
        t.db,
        { ...FAST, maxAttempts: 3, providers: fakeResendProviders(fake, { timeoutMs: 2_000 }) },
        ids,
        {
          intervalMs: 20,
        },
      );
      assert.deepEqual(counts, { failed: 5 });
      assert.equal(fake.accepted.length, 0);
      assert.equal(fake.requests, 3, 'three attempts, then no more');
      for (const m of await messages(t.db, ids)) {
        assert.match(m.last_error ?? '', /Gave up after 3 attempts.*500/);
        assert.equal(m.scrubbed, true);
      }
      const [inv] = await queryRows<{ delivery_state: string }>(
        t.db,
        sql`select delivery_state from invitations where id = ${invitationIds[0]!}`,
      );
      assert.equal(inv!.delivery_state, 'failed', 'the Accounts table shows Failed');
      const [batch] = await queryRows<{ status: string; attempts: number }>(
        t.db,
        sql`select b.status, b.attempts from outbox_batches b join outbox_messages m on m.batch_id = b.id where m.id = ${ids[0]!}`,
      );
      assert.deepEqual({ ...batch, attempts: Number(batch!.attempts) }, { status: 'failed', attempts: 3 });
    } finally {
      await fake.close();
    }
  });

  it('a refused batch does not sink the good messages: they are sent alone, the bad one fails', async () => {
    const fake = await startFakeResend({ invalidRecipient: /@invalid\.test$/ });
    try {
      const ids = await queueInvitations(t.db, 30, {
        tag: 'invalid',
        recipient: (i) => (i === 7 ? 'nobody@invalid.test' : `user${i}.invalid@example.test`),
      });
      const counts = await drainUntilSettled(
        t.db,
        { ...FAST, providers: fakeResendProviders(fake, { timeoutMs: 2_000 }) },
        ids,
        { intervalMs: 20 },
      );
      assert.deepEqual(counts, { sent: 29, failed: 1 });
      const rows = await messages(t.db, ids);
      const bad = rows.find((r) => Number(r.id) === ids[7])!;
      assert.equal(bad.status, 'failed');
      assert.match(bad.last_error ?? '', /422/);
      assert.equal(bad.scrubbed, true);
      assert.equal(fake.duplicates, 0);
      assert.equal(fake.acceptedRefIds().has(String(ids[7])), false);
      assert.ok(
        rows.every((r) => r.solo),
        'regrouped one per request after the refusal',
      );
    } finally {
      await fake.close();
    }
  });

  it('never sends a message cancelled before its batch formed', async () => {
    const fake = await startFakeResend();
    try {
      const ids = await queueInvitations(t.db, 20, { tag: 'cancel' });
      const cancelled = ids.filter((_, i) => i % 4 === 1);
      await t.db.execute(
        sql`update outbox_messages set status = 'cancelled' where id = any(${`{${cancelled.join(',')}}`}::bigint[])`,
      );
      const counts = await drainUntilSettled(
        t.db,
        { ...FAST, providers: fakeResendProviders(fake, { timeoutMs: 2_000 }) },
        ids,
        { intervalMs: 20 },
      );
      assert.deepEqual(counts, { sent: 15, cancelled: 5 });
      const refs = fake.acceptedRefIds();
      for (const id of cancelled) assert.equal(refs.has(String(id)), false, `message ${id} was cancelled`);
      assert.equal(refs.size, 15);
    } finally {
      await fake.close();
    }
  });

  it('keeps batches for later on a configuration error (401), and sends them once it is fixed', async () => {
    const fake = await startFakeResend();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const ids = await queueInvitations(t.db, 3, { tag: 'fatal' });
      const counts = await drainOutbox(t.db, {
        ...FAST,
        fatalBackoffMs: 50,
        providers: fakeResendProviders(fake, { apiKey: 're_wrong', timeoutMs: 2_000 }),
      });
      assert.equal(counts.sent, 0);
      assert.deepEqual(await statusCounts(t.db, ids), { sending: 3 }, 'not failed: waiting for the fix');
      assert.equal(errors.length, 1, 'logged loudly, once');
      assert.ok(!String(errors[0]).includes('re_wrong'), 'the key is not logged');
      await sleep(100);
      assert.deepEqual(
        await drainUntilSettled(t.db, { ...FAST, providers: fakeResendProviders(fake, { timeoutMs: 2_000 }) }, ids, {
          intervalMs: 20,
        }),
        { sent: 3 },
      );
      assert.equal(fake.duplicates, 0);
    } finally {
      console.error = original;
      await fake.close();
    }
  });

  it('fails an SMS at once when SMS is not configured', async () => {
    const fake = await startFakeResend();
    try {
      const ids = await queueInvitations(t.db, 1, { tag: 'sms', channel: 'sms', recipient: () => '+12125550199' });
      assert.deepEqual(
        await drainUntilSettled(t.db, { ...FAST, providers: fakeResendProviders(fake, { timeoutMs: 2_000 }) }, ids, {
          intervalMs: 20,
        }),
        { failed: 1 },
      );
      const [m] = await messages(t.db, ids);
      assert.match(m!.last_error ?? '', /SMS is not configured/);
    } finally {
      await fake.close();
    }
  });

  it('the development mailbox stores each email and SMS once, and logs the link', async () => {
    const lines: string[] = [];
    const original = console.info;
    console.info = (line: string) => void lines.push(line);
    try {
      const emailIds = await queueInvitations(t.db, 3, { tag: 'mbox' });
      const smsIds = await queueInvitations(t.db, 2, {
        tag: 'mboxsms',
        channel: 'sms',
        recipient: (i) => `+1212555010${i}`,
      });
      const providers = { email: new MailboxEmailProvider(t.db), sms: new MailboxSmsProvider(t.db) };
      const ids = [...emailIds, ...smsIds];
      assert.deepEqual(await drainUntilSettled(t.db, { ...FAST, providers }, ids, { intervalMs: 20 }), { sent: 5 });
      const rows = await queryRows<{
        channel: string;
        recipient: string;
        subject: string | null;
        html: string | null;
        text: string;
        outbox_message_id: string;
      }>(
        t.db,
        sql`select channel, recipient, subject, html, text, outbox_message_id from dev_mailbox_messages
            where outbox_message_id = any(${`{${ids.join(',')}}`}::bigint[]) order by outbox_message_id`,
      );
      assert.equal(rows.length, 5);
      assert.equal(rows[0]!.subject, 'Your MultiLine invitation from Acme Corp');
      assert.ok(rows[0]!.html?.includes('https://portal.example/activate/mbox_0'));
      assert.equal(rows[3]!.channel, 'sms');
      assert.ok(
        rows[3]!.text.includes('https://portal.example/activate/mboxsms_0') && rows[3]!.text.includes('PW0-ABCD-EFGH'),
      );
      // Links in the log are a demo convenience: printed in demo mode (PGlite), never in a deployment.
      assert.equal(
        lines.includes('[mailbox] invitation for user0.mbox@example.test: https://portal.example/activate/mbox_0'),
        getEnv().demoMode,
      );
      if (!getEnv().demoMode) assert.ok(!lines.some((l) => l.includes('/activate/')), 'no link in the log');
      const [m] = await queryRows<{ provider_message_id: string }>(
        t.db,
        sql`select provider_message_id from outbox_messages where id = ${emailIds[0]!}`,
      );
      assert.match(m!.provider_message_id, /^mailbox_\d+$/);
    } finally {
      console.info = original;
    }
  });
});
