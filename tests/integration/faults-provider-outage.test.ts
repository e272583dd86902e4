import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { drainOutbox } from '@/lib/outbox/drain';
import { type TestDatabase, createTestDatabase } from '../helpers/test-db';
import { type FakeResend, startFakeResend } from '../helpers/fake-resend';
import { queueInvitations, statusCounts } from '../helpers/outbox-fixtures';
import { FaultTally } from '../helpers/faults/harness';
import { advanceOutboxClock, nextDueInMs } from '../helpers/faults/outbox-clock';
import { FAULTS_EMAIL_FROM, fakeResendProviders } from '../helpers/resend-providers';

const MINUTE = 60_000;

/**
 * The email provider (the fake Resend server) down: it answers 503 for the first half of the outage
 * and refuses connections (the server is gone) for the second half, then comes back on the same
 * address. The drainer runs with the product's own retry settings (lib/outbox/drain.ts: 8 attempts,
 * backoff from 2 s doubling to at most 10 min, ±25 % jitter), driven over and over while simulated
 * time moves on: every pending due time is moved back (tests/helpers/faults/outbox-clock.ts), which
 * to the drainer is time passing. Afterwards every message must have been delivered exactly once and
 * none may have failed for good.
 *
 * The retry promise (docs/product.md#delivery, docs/architecture.md): "transient → exponential backoff
 * with jitter, Failed after 8 attempts". The 8th attempt comes at least 0.75 × (2 + 4 + … + 128 s) =
 * 190.5 s after the first, so an outage of 3 minutes is always survived; an outage of an hour is not.
 */
describe(
  'the email provider down',
  { skip: !process.env.DATABASE_URL && 'the fault tests run on the real Postgres (set DATABASE_URL)' },
  () => {
    let t: TestDatabase;
    const tally = new FaultTally();

    before(async () => {
      t = await createTestDatabase();
    });
    after(async () => {
      console.log(tally.summary());
      for (const line of tally.log) console.log(`  - ${line}`);
      await t?.close();
    });

    interface Outage {
      ids: number[];
      /** The provider once it is back. */
      up: FakeResend;
      /** Requests the provider refused with 503 during the outage. */
      refused: number;
      /** Attempts per batch when the provider came back. */
      attemptsAtRecovery: number[];
      /** Simulated ms from the start of the outage when the first message failed for good, if one did. */
      firstFailureAtMs?: number;
      simulatedMs: number;
    }

    /**
     * Queues `count` invitations, takes the provider down for `outageMs` of simulated time while the
     * drainer keeps trying, brings it back, and drains until nothing is left to send.
     */
    async function throughOutage(outageMs: number, count: number, tag: string): Promise<Outage> {
      const ids = await queueInvitations(t.db, count, { tag });
      const down = await startFakeResend({
        fault: () => ({ kind: 'status', status: 503, name: 'internal_server_error' }),
      });
      const port = Number(new URL(down.url).port);
      // One provider object for the whole run, as in a long-running worker: the same address throughout.
      const providers = fakeResendProviders(down, { from: FAULTS_EMAIL_FROM, timeoutMs: 5_000 });
      let phase: '5xx' | 'refused' | 'up' = '5xx';
      let up: FakeResend | undefined;
      let simulatedMs = 0;
      let firstFailureAtMs: number | undefined;
      let attemptsAtRecovery: number[] = [];
      try {
        for (let round = 0; round < 1000; round++) {
          if (phase === '5xx' && simulatedMs >= outageMs / 2) {
            await down.close();
            phase = 'refused';
          }
          if (phase !== 'up' && simulatedMs >= outageMs) {
            attemptsAtRecovery = (
              await queryRows<{ attempts: number }>(
                t.db,
                sql`select distinct b.attempts from outbox_batches b join outbox_messages m on m.batch_id = b.id
                    where m.id = any(${`{${ids.join(',')}}`}::bigint[]) order by 1`,
              )
            ).map((r) => Number(r.attempts));
            up = await startFakeResend({ port, apiKey: down.apiKey });
            phase = 'up';
          }
          await drainOutbox(t.db, { providers, deadlineMs: 30_000 });
          const counts = await statusCounts(t.db, ids);
          if (counts.failed && firstFailureAtMs === undefined) firstFailureAtMs = simulatedMs;
          const dueIn = await nextDueInMs(t.db);
          if (dueIn === undefined && phase === 'up') break;
          // On to the next due retry, stopping where the provider changes.
          const boundary = phase === '5xx' ? outageMs / 2 : phase === 'refused' ? outageMs : Infinity;
          const step = Math.min(dueIn ?? Infinity, boundary - simulatedMs);
          if (step === Infinity) break;
          if (step > 0) {
            await advanceOutboxClock(t.db, step);
            simulatedMs += step;
          }
        }
      } finally {
        if (phase === '5xx') await down.close();
      }
      assert.ok(up, 'the provider came back');
      return { ids, up, refused: down.requests, attemptsAtRecovery, firstFailureAtMs, simulatedMs };
    }

    /** Every message delivered exactly once, none failed, nothing left in flight. */
    async function assertDeliveredOnce(o: Outage, label: string) {
      const counts = await statusCounts(t.db, o.ids);
      assert.equal(
        o.firstFailureAtMs,
        undefined,
        `${label}: a message failed for good ${((o.firstFailureAtMs ?? 0) / MINUTE).toFixed(1)} min into the outage ` +
          `(attempts per batch by then: ${o.attemptsAtRecovery.join(', ')})`,
      );
      assert.deepEqual(counts, { sent: o.ids.length }, `${label}: every message sent`);
      assert.equal(o.up.duplicates, 0, `${label}: nothing sent twice`);
      assert.equal(o.up.accepted.length, o.ids.length, `${label}: one email per message`);
      const refs = o.up.acceptedRefIds();
      assert.deepEqual(
        o.ids.filter((id) => !refs.has(String(id))),
        [],
        `${label}: none lost`,
      );
      const [open] = await queryRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from outbox_batches b join outbox_messages m on m.batch_id = b.id
            where m.id = any(${`{${o.ids.join(',')}}`}::bigint[]) and b.status <> 'sent'`,
      );
      assert.equal(Number(open!.n), 0, `${label}: every batch recorded as sent`);
    }

    it('loses nothing and sends nothing twice through a 3-minute outage (5xx, then refused connections)', async (c) => {
      const outage = await throughOutage(3 * MINUTE, 250, 'outage3');
      c.after(() => outage.up.close());
      tally.inject(
        `provider down 3 min (simulated): ${outage.refused} requests answered 503, then connections refused; ` +
          `attempts per batch at recovery: ${outage.attemptsAtRecovery.join(', ')}`,
      );
      assert.ok(outage.refused >= 3, 'the drainer kept trying while the provider answered 503');
      assert.ok(
        outage.attemptsAtRecovery.every((n) => n >= 5),
        `each batch was retried through the outage (attempts: ${outage.attemptsAtRecovery.join(', ')})`,
      );
      await assertDeliveredOnce(outage, '3-minute outage');
      tally.survive();
    });

    it(
      'loses nothing and sends nothing twice through an hour-long outage',
      {
        todo:
          'the drainer gives up after 8 attempts, about 4 minutes of backoff (lib/outbox/drain.ts DEFAULTS: ' +
          'maxAttempts 8, backoffBaseMs 2 s, cap 10 min): an outage of an hour fails every message for good',
      },
      async (c) => {
        // Only these messages from here on.
        await t.db.execute(sql`update outbox_messages set status = 'cancelled' where status = 'queued'`);
        const outage = await throughOutage(60 * MINUTE, 250, 'outage60');
        c.after(() => outage.up.close());
        tally.inject(
          `provider down 60 min (simulated): ${outage.refused} requests answered 503, then connections refused; ` +
            `first message failed for good at ${outage.firstFailureAtMs === undefined ? 'never' : `${(outage.firstFailureAtMs / MINUTE).toFixed(1)} min`}`,
        );
        await assertDeliveredOnce(outage, 'hour-long outage');
        tally.survive();
      },
    );
  },
);
