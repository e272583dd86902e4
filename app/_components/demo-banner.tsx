import { getEnv } from '@/lib/env';

/**
 * Shown on every page while any demo convenience is on: demo mode itself, or a deployment started
 * with SEED_DEMO_DATA=1 or DEV_MAILBOX=1 (test servers). Nobody should mistake such a portal for a
 * real one, or type real people's details into it.
 */
export function DemoBanner() {
  const env = getEnv();
  if (!env.demoMode && !env.mailboxMode && !env.seedDemoData) return null;
  return (
    <aside aria-label="Demo notice" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
      <strong>Demo.</strong> This portal runs with demo data and a development mailbox: nothing is sent to real people.
      Do not enter real people’s details.
    </aside>
  );
}
