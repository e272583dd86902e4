import { getDb } from '@/lib/db';
import { providersFromEnv } from '@/lib/delivery/providers';
import { getEnv } from '@/lib/env';
import { runMaintenanceIfDue } from '@/lib/maintenance';
import { type DrainCounts, drainOutbox } from '@/lib/outbox/drain';

declare global {
  /* One drain at a time per process; a call during a drain asks for one more pass after it. */
  var multilineDrain: Promise<void> | undefined;
  var multilineDrainAgain: boolean | undefined;
  var multilineDrainTimer: ReturnType<typeof setInterval> | undefined;
  var multilineDrainLastError: number | undefined;
}
const state = globalThis;

/** How long one drainSoon may run: well inside a serverless function's time after the response. */
const SOON_DEADLINE_MS = 10_000;

async function drainOnce(): Promise<DrainCounts> {
  const db = await getDb();
  const counts = await drainOutbox(db, { providers: providersFromEnv(db), deadlineMs: SOON_DEADLINE_MS });
  await runMaintenanceIfDue(db);
  return counts;
}

/**
 * Sends what is due now; pass it to Next.js `after()` so it runs once the response is out. Never
 * throws: a failure is logged (at most once a minute) and the cron route or worker picks up later.
 */
export function drainSoon(): Promise<void> {
  if (state.multilineDrain) {
    state.multilineDrainAgain = true;
    return state.multilineDrain;
  }
  const run = async () => {
    do {
      state.multilineDrainAgain = false;
      try {
        await drainOnce();
      } catch (error) {
        const now = Date.now();
        if (!state.multilineDrainLastError || now - state.multilineDrainLastError > 60_000) {
          state.multilineDrainLastError = now;
          console.error('[outbox] drain failed:', error instanceof Error ? error.message : error);
        }
        return;
      }
    } while (state.multilineDrainAgain);
  };
  state.multilineDrain = run().finally(() => {
    state.multilineDrain = undefined;
  });
  return state.multilineDrain;
}

/**
 * Drains every 2 s inside the server process, when OUTBOX_IN_PROCESS is on (the default except on
 * Vercel; in PGlite mode it is the only drainer, since the worker cannot open PGlite). Idempotent.
 */
export function startInProcessDrainer(intervalMs = 2_000): boolean {
  if (!getEnv().outboxInProcess || state.multilineDrainTimer) return false;
  state.multilineDrainTimer = setInterval(() => void drainSoon(), intervalMs);
  state.multilineDrainTimer.unref?.();
  return true;
}

export function stopInProcessDrainer(): void {
  if (state.multilineDrainTimer) clearInterval(state.multilineDrainTimer);
  state.multilineDrainTimer = undefined;
}
