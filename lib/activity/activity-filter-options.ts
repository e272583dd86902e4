import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { administrators, auditEvents } from '@/db/schema';
import { ACTION_LABELS, actionLabel } from '@/lib/activity/action-labels';
import { activityInScope, hasTenantWideScope } from '@/lib/activity/activity-scope';
import { type AdminScope, inScope } from '@/lib/auth/scope';

export interface ActivityFilterOptions {
  /** Emails of the administrators who acted in scope, as the events recorded them. */
  administrators: string[];
  actions: { value: string; label: string }[];
}

/** How long the filter's options are reused for one scope (as the Accounts filter's, decision 27). */
export const ACTIVITY_OPTIONS_TTL_MS = 30_000;

interface CacheEntry {
  expires: number;
  options: Promise<ActivityFilterOptions>;
}
const cache = new WeakMap<Db, Map<string, CacheEntry>>();

/**
 * The Administrator and Action choices of the Activity filter: the administrators in scope now and
 * those who acted in the newest OPTIONS_WINDOW events in scope (a removed administrator among them),
 * every labelled action and any other action among those events. The page adds the current filter's
 * value, so a URL naming an older actor or action still shows it chosen. Bounded, because grouping
 * every event of a long history took ~0.3 s at 300,000 events; kept for 30 s per database and scope.
 */
export function activityFilterOptions(db: Db, admin: AdminScope, now = Date.now()): Promise<ActivityFilterOptions> {
  let byScope = cache.get(db);
  if (!byScope) cache.set(db, (byScope = new Map<string, CacheEntry>()));
  // A sub-organization's administrator also sees their own tenant-level events: their scope is theirs alone.
  const key = hasTenantWideScope(admin) ? admin.tenantId : `${admin.scopePath}|${admin.id}`;
  const cached = byScope.get(key);
  if (cached && cached.expires > now) return cached.options;
  if (byScope.size >= 1000) {
    for (const [k, entry] of byScope) if (entry.expires <= now) byScope.delete(k);
  }
  const options = loadOptions(db, admin);
  const entry = { expires: now + ACTIVITY_OPTIONS_TTL_MS, options };
  const map = byScope;
  map.set(key, entry);
  options.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  return options;
}

/** How many of the newest events in scope the choices are gathered from. */
export const OPTIONS_WINDOW = 20_000;

async function loadOptions(db: Db, admin: AdminScope): Promise<ActivityFilterOptions> {
  const newest = db
    .select({ actorEmail: auditEvents.actorEmail, action: auditEvents.action })
    .from(auditEvents)
    .where(activityInScope(admin))
    .orderBy(desc(auditEvents.createdAt))
    .limit(OPTIONS_WINDOW)
    .as('recent');
  const [recent, current] = await Promise.all([
    db
      .select({ actorEmail: newest.actorEmail, action: newest.action })
      .from(newest)
      .groupBy(newest.actorEmail, newest.action),
    db
      .select({ email: administrators.email })
      .from(administrators)
      .where(inScope(admin, administrators.organizationId)),
  ]);
  const administratorEmails = [
    ...new Set(
      [...recent.map((r) => r.actorEmail), ...current.map((r) => r.email)]
        .filter((e): e is string => Boolean(e))
        .map((e) => e.toLowerCase()),
    ),
  ].sort();
  const actions = [...new Set([...Object.keys(ACTION_LABELS), ...recent.map((r) => r.action)])]
    .map((value) => ({ value, label: actionLabel(value) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { administrators: administratorEmails, actions };
}
