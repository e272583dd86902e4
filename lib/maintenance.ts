import type { Db } from '@/db/client';
import { sweepStagedImports } from '@/lib/import/sweep-staged-imports';
import { purgeExpiredRateLimits } from '@/lib/rate-limit';

export interface MaintenanceCounts {
  rateLimitsPurged: number;
  stagedImportsSwept: number;
}

/** Deletes expired throttle counters and staged imports nobody committed in time. */
export async function runMaintenance(db: Db): Promise<MaintenanceCounts> {
  const rateLimitsPurged = await purgeExpiredRateLimits(db);
  const stagedImportsSwept = await sweepStagedImports(db);
  return { rateLimitsPurged, stagedImportsSwept };
}

const MAINTENANCE_EVERY_MS = 5 * 60_000;
declare global {
  // When this process last ran maintenance; kept across hot reloads in development.
  var multilineMaintenanceAt: number | undefined;
}
const state = globalThis;

/**
 * Runs maintenance on the drainer's schedule (the in-process timer, the cron route, the worker),
 * at most once every five minutes per process. Both parts are idempotent set-based deletes, so
 * several processes running them at once only repeat a little work.
 */
export async function runMaintenanceIfDue(db: Db, now = Date.now()): Promise<MaintenanceCounts | null> {
  if (state.multilineMaintenanceAt !== undefined && now - state.multilineMaintenanceAt < MAINTENANCE_EVERY_MS) {
    return null;
  }
  state.multilineMaintenanceAt = now;
  return runMaintenance(db);
}
