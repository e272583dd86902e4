/**
 * Runs once when a server instance starts, before it answers requests. A misconfiguration (a
 * production deployment without AUTH_SECRET, APP_URL or an email provider; on Vercel, no
 * DATABASE_URL) stops the server here with a message naming the variable. The database is opened
 * lazily on first use, never during `next build`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { ConfigurationError, parseEnv } = await import('@/lib/env');
  let env: ReturnType<typeof parseEnv>;
  try {
    env = parseEnv();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(`MultiLine cannot start. ${error.message}`);
    process.exit(1);
  }
  // Every request carries its socket's address for throttling and the Activity page.
  const { installPeerAddressHeader } = await import('@/lib/peer-address');
  installPeerAddressHeader();
  if (env.demoMode) console.info('[multiline] demo mode: demo data, development mailbox at /dev/mailbox');
  // The outbox drainer on a timer (OUTBOX_IN_PROCESS; off on Vercel, where the cron route drains).
  // A Vercel build compiles this branch away, so the functions never bundle the embedded database.
  if (process.env.MULTILINE_VERCEL_BUILD !== '1' && env.outboxInProcess) {
    const { startInProcessDrainer } = await import('@/lib/outbox/triggers');
    startInProcessDrainer();
  }
}
