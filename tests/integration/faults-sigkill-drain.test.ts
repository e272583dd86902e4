import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { drainOutbox } from '@/lib/outbox/drain';
import { type FakeResend, startFakeResend } from '../helpers/fake-resend';
import { queueInvitations, statusCounts } from '../helpers/outbox-fixtures';
import type { ChildJob } from '../helpers/faults/child';
import { FaultChild } from '../helpers/faults/harness';
import { waitFor } from '../helpers/wait';
import { FAULTS_EMAIL_FROM, fakeResendProviders } from '../helpers/resend-providers';
import { sigkillHarness } from '../helpers/faults/sigkill';

/**
 * The server process killed with SIGKILL in the middle of an import commit, a Move and a drain, each at
 * several moments; then, as after a restart, the database must hold all of the operation or none of
 * it, every counter and headroom must still add up, the operation must succeed when done again, and
 * every message must reach the (fake) provider exactly once. The "server" is tests/helpers/faults/
 * child.ts, with a connection of its own; the kill moments are chosen so that the work is in flight:
 * the child stopped between two statements of its transaction (seen "idle in transaction" with writes
 * in pg_stat_activity), blocked inside a statement on a lock the test holds, in the middle of a long
 * statement, or holding a provider request. A child process needs the database server: on PGlite
 * (one process's database) the file is skipped.
 */
// This file: the outbox drain (lib/outbox/drain.ts). Import commit and Move: faults-sigkill-commit-import and -move-accounts.
describe(
  'the server killed (SIGKILL) mid-operation',
  { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL: a killed child process needs a database server' },
  () => {
    const k = sigkillHarness();

    describe('a drain of 300 invitations', () => {
      const COUNT = 300;
      const LEASE_SECONDS = 2;
      let fake: FakeResend;
      let holdNext = false;
      const keys = new Set<string | undefined>();
      let ids: number[];
      let children: FaultChild[];

      before(async () => {
        children = [k.startChild('drain'), k.startChild('drain'), k.startChild('drain')];
        fake = await startFakeResend({
          // Holds the next request of a new batch (a batch sent before is answered from the provider's
          // idempotency store before any fault).
          fault: (_n, { idempotencyKey }) => {
            const known = keys.has(idempotencyKey);
            keys.add(idempotencyKey);
            if (!holdNext || known) return undefined;
            holdNext = false;
            return { kind: 'hold' };
          },
        });
        ids = await queueInvitations(k.t.db, COUNT, { tag: 'faults' });
        // Only these: whatever else is queued (the demo's invitations) is cancelled, as Delete would.
        await k.t.db.execute(sql`update outbox_messages set status = 'cancelled'
          where status = 'queued' and id <> all(${`{${ids.join(',')}}`}::bigint[])`);
      });
      after(() => fake?.close());

      const job = (more: Partial<Extract<ChildJob, { op: 'drain' }>> = {}): ChildJob => ({
        op: 'drain',
        fakeUrl: fake.url,
        apiKey: fake.apiKey,
        leaseSeconds: LEASE_SECONDS,
        ...more,
      });

      /** Nothing lost or failed, nothing recorded sent that the provider did not take, no half-recorded batch. */
      async function assertNothingLost(label: string, fault = true) {
        const counts = await statusCounts(k.t.db, ids);
        assert.equal(
          (counts.queued ?? 0) + (counts.sending ?? 0) + (counts.sent ?? 0),
          COUNT,
          `${label}: ${JSON.stringify(counts)}`,
        );
        const sent = await queryRows<{ id: string }>(
          k.t.db,
          sql`select id from outbox_messages where status = 'sent' and id = any(${`{${ids.join(',')}}`}::bigint[])`,
        );
        const accepted = fake.acceptedRefIds();
        assert.deepEqual(
          sent.filter((r) => !accepted.has(String(r.id))),
          [],
          `${label}: every message recorded as sent was taken by the provider`,
        );
        const [split] = await queryRows<{ n: number }>(
          k.t.db,
          sql`select count(*)::int as n from outbox_messages m join outbox_batches b on b.id = m.batch_id
              where m.status in ('sending', 'sent') and m.status::text <> b.status::text`,
        );
        assert.equal(Number(split!.n), 0, `${label}: no batch recorded half sent`);
        assert.equal(fake.duplicates, 0, `${label}: nothing sent twice`);
        if (fault) k.tally.survive();
      }

      it('sends every message exactly once after the restarts', async () => {
        // 1. The provider took the first batch and answered; the drainer dies before recording it.
        await k.crash(
          'drain: the provider answered, the outcome not recorded',
          children[0]!,
          job({ breakAfterAnswer: 1 }),
          {
            until: async (child) => {
              const answered = await child.next('answered');
              assert.equal(answered.ok, true);
            },
          },
        );
        assert.equal(fake.accepted.length, 100, 'the provider took the first batch');
        await assertNothingLost('killed before recording');

        // 2. The provider has taken a batch and holds the request open.
        holdNext = true;
        await k.crash('drain: a provider request in flight', children[1]!, job(), {
          until: (child) => child.until('a request held by the provider', fake.waitForHeld(1)),
        });
        await assertNothingLost('killed during a request');

        // 3. Inside the transaction recording a batch as sent: the batch row updated, its messages not yet.
        const recording = await k.crash(
          'drain: half way through recording a sent batch',
          children[2]!,
          job({ breakAt: { pattern: '"provider_message_id" = v."pid"', nth: 1, freeze: true } }),
        );
        k.assertInFlight('recording the batch', recording);
        await assertNothingLost('killed while recording');

        // The restarted drainer finishes the rest (a lease lapses before its batch is retried).
        const providers = fakeResendProviders(fake, { from: FAULTS_EMAIL_FROM });
        const final = await waitFor(
          'every message sent',
          async () => {
            await drainOutbox(k.t.db, { providers, leaseSeconds: LEASE_SECONDS, deadlineMs: 10_000 });
            const counts = await statusCounts(k.t.db, ids);
            return counts.sent === COUNT ? counts : undefined;
          },
          120_000,
        );
        assert.deepEqual(final, { sent: COUNT }, 'nothing left queued, sending or failed');
        assert.equal(fake.duplicates, 0, 'no message sent twice');
        assert.equal(fake.accepted.length, COUNT, 'the provider took exactly one email per message');
        const refs = fake.acceptedRefIds();
        assert.equal(ids.filter((id) => !refs.has(String(id))).length, 0, 'none lost');
        const recipients = new Set(fake.accepted.map((a) => a.to));
        assert.equal(recipients.size, COUNT, 'each recipient got one email');
        const [open] = await queryRows<{ n: number }>(
          k.t.db,
          sql`select count(*)::int as n from outbox_batches where status <> 'sent'`,
        );
        assert.equal(Number(open!.n), 0, 'every batch recorded as sent');
        assert.ok(fake.replays >= 1, 'a batch the provider had taken was resent under its key and replayed');
        await assertNothingLost('after the restart', false);
      });
    });
  },
);
