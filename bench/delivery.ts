/**
 * `npm run bench:delivery` — docs/product.md#quality-targets: the drainer over 10,000 emails, as
 * emails/s ÷ the provider's bound (rate limit × 100 emails a request), with 0 lost and 0 duplicates.
 *
 * Creates `ml_bench_delivery_<random>` on the Postgres of DATABASE_URL (default the local one),
 * migrates it and queues the account invitations through the app's enqueueMessages; starts the fake
 * Resend server (tests/helpers/fake-resend.ts) with BENCH_RATE requests/s (default 10); runs
 * `scripts/worker.ts` as a child process, as a host would run `npm run worker`; times from the
 * worker's "ready" line until the fake server has accepted every queued email; then checks the
 * database (every message sent) and the server (no duplicate, none lost). Prints figures, then as the
 * last line one JSON object. Always stops the worker and drops the database.
 *
 * Knobs: BENCH_MESSAGES (10000), BENCH_RATE (10), BENCH_TIME_LIMIT_S (300).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { ne } from 'drizzle-orm';
import { type Db, migrateDatabase, openDatabase } from '@/db/client';
import { outboxBatches, outboxMessages } from '@/db/schema';
import { enqueueMessages, type OutboxInput } from '@/lib/outbox/enqueue';
import { type FakeResend, startFakeResend } from '../tests/helpers/fake-resend';
import { guardProcess, onCleanup, runCleanup } from './lib/cleanup';
import { benchServerUrl, createBenchDatabase, serverVersion } from './lib/database';
import { formatTable } from './lib/stats';

const NAME = 'bench:delivery';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_S ?? 300) * 1000;
const BENCH_AUTH_SECRET = 'bench-auth-secret-not-for-production-0000000000';
process.env.AUTH_SECRET = BENCH_AUTH_SECRET;

function invitation(i: number): OutboxInput {
  return {
    channel: 'email',
    recipient: `bench.user${i}@example.test`,
    template: 'account-invitation',
    props: {
      firstName: `Bench${i}`,
      lastName: 'User',
      organizationName: 'Acme Corp',
      username: `bench.user${i}@example.test`,
      password: `BX${i}-KQMR-TWPZ`,
      activationUrl: `https://portal.example/activate/bench_${i}_${'x'.repeat(32)}`,
      assignedNumber: i % 2 === 0 ? '+12125550100' : null,
      expiresAt: '2030-01-31T12:00:00.000Z',
      appStoreUrl: 'https://apps.apple.com/app/multiline',
      playStoreUrl: 'https://play.google.com/store/apps/details?id=com.multiline',
    },
  };
}

/** Every message queued through the app's enqueueMessages, 1,000 a statement; their ids. */
async function queueMessages(db: Db): Promise<{ ids: string[]; seconds: number }> {
  const start = performance.now();
  await db.transaction(async (tx) => {
    for (let i = 0; i < MESSAGES; i += 1000) {
      await enqueueMessages(
        tx,
        Array.from({ length: Math.min(1000, MESSAGES - i) }, (_, k) => invitation(i + k)),
      );
    }
  });
  const seconds = (performance.now() - start) / 1000;
  const ids = (await db.select({ id: outboxMessages.id }).from(outboxMessages)).map((r) => String(r.id));
  return { ids, seconds };
}

/** `scripts/worker.ts` as a child process, as a host would run `npm run worker`; resolves when it is ready. */
async function startWorker(databaseUrl: string, fake: FakeResend): Promise<{ worker: ChildProcess; start: number }> {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: BENCH_AUTH_SECRET,
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      SEED_DEMO_DATA: '0',
      OUTBOX_IN_PROCESS: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onCleanup('stop worker', () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
  });
  let output = '';
  const start = await new Promise<number>((resolve, reject) => {
    worker.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[worker] ready')) resolve(performance.now());
    });
    worker.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)));
  });
  return { worker, start };
}

const notSentCount = (db: Db) => db.$count(outboxMessages, ne(outboxMessages.status, 'sent'));

/** Until the fake server has accepted every queued email; then the worker records the last answers and stops. */
async function drain(db: Db, worker: ChildProcess, fake: FakeResend, queued: number): Promise<number> {
  while (fake.acceptedRefIds().size < queued && fake.accepted.length < queued) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const end = performance.now();
  for (let i = 0; i < 200; i++) {
    if ((await notSentCount(db)) === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  worker.kill('SIGTERM');
  await once(worker, 'exit');
  return end;
}

async function main() {
  const cancelTimeLimit = guardProcess({ timeLimitMs: TIME_LIMIT_MS, name: NAME });
  const serverUrl = benchServerUrl();
  const database = await createBenchDatabase(serverUrl, 'ml_bench_delivery');
  const handle = await openDatabase({ url: database.url, poolMax: 4 });
  onCleanup('close database', () => handle.close());
  await migrateDatabase(handle, database.url);
  const db: Db = handle.db;

  const { ids: queued, seconds: queueSeconds } = await queueMessages(db);
  const fake = await startFakeResend({ rate: RATE });
  onCleanup('stop fake Resend', () => fake.close());
  const { worker, start } = await startWorker(database.url, fake);
  const end = await drain(db, worker, fake, queued.length);

  const refs = fake.acceptedRefIds();
  const lost = queued.filter((id) => !refs.has(id)).length;
  const notSent = await notSentCount(db);
  const batches = await db.$count(outboxBatches);
  const seconds = (end - start) / 1000;
  const emailsPerS = queued.length / seconds;
  const bound = RATE * 100;

  console.log(
    formatTable([
      ['figure', 'value'],
      ['machine', `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`],
      ['database', await serverVersion(database.url)],
      ['messages queued', queued.length],
      ['queueing (s)', Math.round(queueSeconds * 100) / 100],
      ['provider rate limit (requests/s)', RATE],
      ['provider requests', fake.requests],
      ['429 answers', fake.rateLimited],
      ['batches', batches],
      ['drain (s)', Math.round(seconds * 100) / 100],
      ['emails/s', Math.round(emailsPerS)],
      ['bound (emails/s)', bound],
      ['not sent in the database', notSent],
    ]),
  );
  const result = {
    messages: queued.length,
    seconds: Math.round(seconds * 1000) / 1000,
    emails_per_s: Math.round(emailsPerS * 10) / 10,
    bound_per_s: bound,
    ratio: Math.round((emailsPerS / bound) * 1000) / 1000,
    duplicates: fake.duplicates,
    // Counted by the fake server: queued messages it never accepted.
    lost,
  };
  await runCleanup();
  cancelTimeLimit();
  console.log(JSON.stringify(result));
  if (lost > 0 || fake.duplicates > 0 || notSent > 0) process.exitCode = 1;
}

main().catch(async (error) => {
  console.error(`[${NAME}]`, error instanceof Error ? (error.stack ?? error.message) : error);
  await runCleanup();
  process.exit(1);
});
