/**
 * `npm run worker` — drains the outbox in a loop, for a long-running host (a VM, a container) next to
 * `next start`. Needs DATABASE_URL: PGlite is one process's database, so in PGlite mode the server
 * process drains it itself. Stops on SIGTERM or Ctrl-C after the requests in flight are answered.
 *
 * Knobs: WORKER_POLL_MS (1000: the pause when nothing is due), WORKER_CONCURRENCY (4),
 * WORKER_LEASE_SECONDS (120).
 */
import { z } from 'zod';
import { migrateDatabase, openDatabase } from '@/db/client';
import { providersFromEnv } from '@/lib/delivery/providers';
import { ConfigurationError, getEnv } from '@/lib/env';
import { runMaintenanceIfDue } from '@/lib/maintenance';
import { drainOutbox } from '@/lib/outbox/drain';

const knobs = z
  .object({
    WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
    WORKER_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  })
  .parse(process.env);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

async function main() {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    console.error(error instanceof ConfigurationError ? error.message : error);
    process.exit(1);
  }
  if (!env.DATABASE_URL) {
    console.error(
      'npm run worker needs DATABASE_URL. Without it the portal runs on PGlite, which only one process ' +
        'may open: there the server drains the outbox itself (OUTBOX_IN_PROCESS).',
    );
    process.exit(1);
  }
  const handle = await openDatabase({ url: env.DATABASE_URL, poolMax: knobs.WORKER_CONCURRENCY + 2 });
  await migrateDatabase(handle, env.DATABASE_URL);
  const providers = providersFromEnv(handle.db, env);

  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!stop.signal.aborted) console.log(`[worker] ${signal}: finishing the requests in flight`);
      stop.abort();
    });
  }
  console.log(
    `[worker] ready (email: ${providers.email.name.split(':')[0]}, sms: ${providers.sms.name.split(':')[0]})`,
  );

  while (!stop.signal.aborted) {
    try {
      const counts = await drainOutbox(handle.db, {
        providers,
        concurrency: knobs.WORKER_CONCURRENCY,
        leaseSeconds: knobs.WORKER_LEASE_SECONDS,
        deadlineMs: 60_000,
        signal: stop.signal,
      });
      if (counts.requests > 0) console.log(`[worker] ${JSON.stringify(counts)}`);
      const maintenance = await runMaintenanceIfDue(handle.db);
      if (maintenance) console.log(`[worker] maintenance ${JSON.stringify(maintenance)}`);
      else await sleep(knobs.WORKER_POLL_MS, stop.signal);
    } catch (error) {
      console.error('[worker] drain failed (database?):', error instanceof Error ? error.message : error);
      await sleep(5_000, stop.signal);
    }
  }
  await handle.close();
  console.log('[worker] stopped');
}

void main();
