/**
 * Runs once when a server instance starts. A misconfiguration (on Vercel: no DATABASE_URL or
 * AUTH_SECRET) fails here, loudly and early, with a message naming the variable. The database is
 * opened lazily on first use, never during `next build`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { parseEnv } = await import('@/lib/env');
  const env = parseEnv();
  // The outbox drainer on a timer (OUTBOX_IN_PROCESS; off on Vercel, where the cron route drains).
  // A Vercel build compiles this branch away, so the functions never bundle the embedded database.
  if (process.env.MULTILINE_VERCEL_BUILD !== '1' && env.outboxInProcess) {
    const { startInProcessDrainer } = await import('@/lib/outbox/triggers');
    startInProcessDrainer();
  }
}
