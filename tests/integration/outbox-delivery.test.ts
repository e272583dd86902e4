import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { type Db, openDatabase, queryRows } from '@/db/client';
import { MailboxSmsProvider } from '@/lib/delivery/mailbox-provider';
import type { DrainOptions } from '@/lib/outbox/drain';
import { SCRUBBED_PAYLOAD } from '@/lib/outbox/sealed-payload';
import { type TestDatabase, createTestDatabase, seedDemo } from '../helpers/test-db';
import { type Fault, startFakeResend } from '../helpers/fake-resend';
import { drainUntilSettled, queueInvitations, statusCounts } from '../helpers/outbox-fixtures';
import { fakeResendProviders } from '../helpers/resend-providers';

/** Fast retries for tests: the design is the same, only the waits are short. */
const FAST: Omit<DrainOptions, 'providers'> = {
  leaseSeconds: 3,
  backoffBaseMs: 20,
  backoffCapMs: 200,
  maxAttempts: 30,
  deadlineMs: 20_000,
};

describe('outbox delivery through Resend (fake server at the HTTP boundary)', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  after(async () => {
    await t?.close();
  });

  it('sends 10,000 messages exactly once through 429s, 500s, slowness and dropped connections', async () => {
    // Faults on the first 200 requests only, so the run ends; 429s also come from the rate limit.
    const script = (n: number): Fault | undefined => {
      if (n > 200) return undefined;
      if (n % 10 === 3) return { kind: 'status', status: 500 };
      if (n % 10 === 5) return { kind: 'drop-after' };
      if (n % 10 === 7) return { kind: 'drop-before' };
      if (n % 25 === 0) return { kind: 'status', status: 429, name: 'rate_limit_exceeded', retryAfter: 1 };
      if (n % 31 === 0) return { kind: 'slow', ms: 1_300 };
      if (n % 37 === 0) return { kind: 'status', status: 503 };
      return undefined;
    };
    const fake = await startFakeResend({ rate: 40, fault: script });
    try {
      const invitations = await queryRows<{ id: string }>(t.db, sql`select id from invitations order by id limit 3`);
      assert.equal(invitations.length, 3, 'the demo data has invitations');
      // Two wait for their email; the third was already reported delivered by a webhook.
      await t.db.execute(sql`update invitations set delivery_state = 'queued', provider_message_id = null`);
      await t.db.execute(sql`update invitations set delivery_state = 'delivered' where id = ${invitations[2]!.id}`);
      const ids = await queueInvitations(t.db, 10_000, {
        tag: 'bulk',
        invitationIds: invitations.map((i) => i.id),
      });

      const counts = await drainUntilSettled(
        t.db,
        { ...FAST, providers: fakeResendProviders(fake, { timeoutMs: 1_000, sms: new MailboxSmsProvider(t.db) }) },
        ids,
      );
      assert.deepEqual(counts, { sent: 10_000 });
      assert.equal(fake.duplicates, 0, 'no email accepted twice');
      const refs = fake.acceptedRefIds();
      const lost = ids.filter((id) => !refs.has(String(id)));
      assert.equal(lost.length, 0, `lost: ${lost.slice(0, 5).join(', ')}`);
      assert.equal(fake.accepted.length, 10_000);
      assert.ok(fake.replays > 0, 'dropped answers were recovered by replaying the idempotency key');

      const [scrub] = await queryRows<{ n: string | number }>(
        t.db,
        sql`select count(*) as n from outbox_messages where id = any(${`{${ids.join(',')}}`}::bigint[])
            and payload = ${JSON.stringify(SCRUBBED_PAYLOAD)}::jsonb and provider_message_id is not null and sent_at is not null`,
      );
      assert.equal(Number(scrub!.n), 10_000, 'every payload scrubbed, every provider id recorded');

      const states = await queryRows<{ id: string; delivery_state: string; provider_message_id: string | null }>(
        t.db,
        sql`select id, delivery_state, provider_message_id from invitations where id in (${invitations[0]!.id}, ${invitations[1]!.id}, ${invitations[2]!.id})`,
      );
      const byId = new Map(states.map((s) => [s.id, s]));
      assert.equal(byId.get(invitations[0]!.id)!.delivery_state, 'sent');
      assert.equal(byId.get(invitations[1]!.id)!.delivery_state, 'sent');
      assert.equal(byId.get(invitations[2]!.id)!.delivery_state, 'delivered', 'a webhook state is never downgraded');
      const [first] = await queryRows<{ provider_message_id: string }>(
        t.db,
        sql`select provider_message_id from outbox_messages where id = ${ids[0]!}`,
      );
      assert.equal(byId.get(invitations[0]!.id)!.provider_message_id, first!.provider_message_id);
      const accepted = fake.accepted.find((a) => a.refId === String(ids[0]));
      assert.equal(accepted?.id, first!.provider_message_id, 'the provider id is the one the provider gave');
      assert.ok(accepted?.text.includes('https://portal.example/activate/bulk_0'), 'the email carries its link');
      assert.equal(accepted?.subject, 'Your MultiLine invitation from Acme Corp');

      const [batches] = await queryRows<{
        sending: string | number;
        failed: string | number;
        max_size: string | number;
      }>(
        t.db,
        sql`select count(*) filter (where status = 'sending') as sending, count(*) filter (where status = 'failed') as failed,
              (select max(n) from (select count(*) as n from outbox_messages where batch_id is not null group by batch_id) s) as max_size
            from outbox_batches`,
      );
      assert.equal(Number(batches!.sending), 0);
      assert.equal(Number(batches!.failed), 0);
      assert.equal(Number(batches!.max_size), 100, 'emails go 100 to a request');
    } finally {
      await fake.close();
    }
  });

  it('two drainers at once never send a message twice', async () => {
    const fake = await startFakeResend({ fault: (n) => (n % 4 === 0 ? { kind: 'drop-after' } : undefined) });
    // A second connection pool on Postgres, so the two drainers really run side by side.
    const second = t.url ? await openDatabase({ url: t.url, poolMax: 4 }) : undefined;
    try {
      const ids = await queueInvitations(t.db, 3_000, { tag: 'pair' });
      const providers = fakeResendProviders(fake, { timeoutMs: 1_000, sms: new MailboxSmsProvider(t.db) });
      const run = (db: Db) =>
        drainUntilSettled(db, { ...FAST, providers, concurrency: 3 }, ids, { timeoutMs: 120_000, intervalMs: 30 });
      await Promise.all([run(t.db), run(second?.db ?? t.db)]);
      assert.deepEqual(await statusCounts(t.db, ids), { sent: 3_000 });
      assert.equal(fake.duplicates, 0);
      const refs = fake.acceptedRefIds();
      assert.equal(ids.filter((id) => !refs.has(String(id))).length, 0);
    } finally {
      await second?.close();
      await fake.close();
    }
  });
});
