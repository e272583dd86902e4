import type { Db } from '@/db/client';
import { appBaseUrl } from '@/lib/app-url';
import { sweepStagedImports } from '@/lib/import/sweep-staged-imports';
import { sendInvitationReminders } from '@/lib/invitations/send-reminders';
import { purgeExpiredRateLimits } from '@/lib/rate-limit';

export interface MaintenanceCounts {
  rateLimitsPurged: number;
  stagedImportsSwept: number;
  invitationRemindersSent: number;
}

/**
 * Deletes expired throttle counters and staged imports nobody committed in time, then sends the
 * automatic reminders that are due (their messages go out with the next drain).
 */
export async function runMaintenance(db: Db, options: { baseUrl?: string } = {}): Promise<MaintenanceCounts> {
  const rateLimitsPurged = await purgeExpiredRateLimits(db);
  const stagedImportsSwept = await sweepStagedImports(db);
  const invitationRemindersSent = await sendInvitationReminders(db, { baseUrl: options.baseUrl ?? appBaseUrl() });
  return { rateLimitsPurged, stagedImportsSwept, invitationRemindersSent };
}

const MAINTENANCE_EVERY_MS = 5 * 60_000;
declare global {
  // When this process last ran maintenance; kept across hot reloads in development.
  var multilineMaintenanceAt: number | undefined;
}
const state = globalThis;

/**
 * Runs maintenance on the drainer's schedule (the in-process timer, the cron route, the worker),
 * at most once every five minutes per process. The deletes are idempotent and set-based, and the
 * reminders claim their accounts `for update skip locked`, so several processes running them at once
 * only repeat a little work and never send a reminder twice.
 */
export async function runMaintenanceIfDue(db: Db, now = Date.now()): Promise<MaintenanceCounts | null> {
  if (state.multilineMaintenanceAt !== undefined && now - state.multilineMaintenanceAt < MAINTENANCE_EVERY_MS) {
    return null;
  }
  state.multilineMaintenanceAt = now;
  return runMaintenance(db);
}
