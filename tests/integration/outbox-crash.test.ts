import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { TEST_AUTH_SECRET, type TestDatabase, createTestDatabase } from '../helpers/test-db';
import { startFakeResend } from '../helpers/fake-resend';
import { queueInvitations, statusCounts } from '../helpers/outbox-fixtures';
import { waitFor } from '../helpers/wait';

/**
 * A drainer killed (SIGKILL) while the provider holds its request, after accepting the batch: the
 * restarted drainer resends the same batch under the same idempotency key once the lease has passed,
 * and the provider answers without sending again. The drainer runs as `npm run worker` would, in a
 * child process; the worker refuses PGlite (one process's database), so this needs DATABASE_URL.
 */
describe(
  'a drainer killed mid-batch',
  { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL (the worker refuses PGlite)' },
  () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase();
    });
    after(async () => {
      await t?.close();
    });

    const startWorker = (fakeUrl: string, apiKey: string, concurrency = 4): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
        cwd: process.cwd(),
        env: {
          ...process.env,
          DATABASE_URL: t.url,
          AUTH_SECRET: process.env.AUTH_SECRET ?? TEST_AUTH_SECRET,
          RESEND_API_KEY: apiKey,
          RESEND_BASE_URL: fakeUrl,
          SEED_DEMO_DATA: '0',
          WORKER_LEASE_SECONDS: '2',
          WORKER_POLL_MS: '100',
          WORKER_CONCURRENCY: String(concurrency),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });

    it('sends every message exactly once after a restart', async () => {
      const fake = await startFakeResend({ fault: (n) => (n === 1 ? { kind: 'hold' } : undefined) });
      const workers: ChildProcess[] = [];
      try {
        const ids = await queueInvitations(t.db, 250, { tag: 'crash' });
        // One request at a time, so the held request is the first batch of 100 whatever the load:
        // with several, concurrent claims split the 250 messages unpredictably.
        const first = startWorker(fake.url, fake.apiKey, 1);
        workers.push(first);
        await fake.waitForHeld(1);
        first.kill('SIGKILL');
        await once(first, 'exit');
        const held = fake.accepted.length;
        assert.equal(held, 100, 'the held batch was accepted before the drainer died');
        const stuck = await statusCounts(t.db, ids);
        assert.deepEqual(stuck, { sending: 100, queued: 150 }, 'the held batch is left sending');

        const second = startWorker(fake.url, fake.apiKey);
        workers.push(second);
        await waitFor(
          'all 250 sent by the second worker',
          async () => ((await statusCounts(t.db, ids)).sent === 250 ? true : undefined),
          30_000,
          100,
        );
        second.kill('SIGTERM');
        const [code] = (await once(second, 'exit')) as [number | null, NodeJS.Signals | null];
        assert.equal(code, 0, 'the worker stops cleanly on SIGTERM');

        assert.deepEqual(await statusCounts(t.db, ids), { sent: 250 });
        assert.equal(fake.duplicates, 0, 'nothing sent twice');
        assert.ok(fake.replays >= 1, 'the held batch was resent under its key and replayed');
        const refs = fake.acceptedRefIds();
        assert.equal(ids.filter((id) => !refs.has(String(id))).length, 0, 'none lost');
      } finally {
        for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
        await fake.close();
      }
    });
  },
);
