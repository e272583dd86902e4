import { and, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { ACTIVITY_PAGE_SIZE, type ActivityFilters, type ActivityQuery, dayRange } from '@/lib/activity/activity-query';
import { activityInScope } from '@/lib/activity/activity-scope';
import { actionLabel } from '@/lib/activity/action-labels';
import { describeTargets, type TargetSummary } from '@/lib/activity/describe-targets';
import type { AdminScope } from '@/lib/auth/scope';

export interface ActivityRow {
  id: string;
  createdAt: Date;
  /** The administrator's email as recorded; null for an event no administrator caused (an activation). */
  actorEmail: string | null;
  action: string;
  actionLabel: string;
  organization: { name: string; code: string } | null;
  targets: TargetSummary;
  ipAddress: string | null;
}

export interface ActivityPage {
  rows: ActivityRow[];
  /** Cursor for the next newer page (`?after=`), when there is one. */
  newer?: string;
  /** Cursor for the next older page (`?before=`), when there is one. */
  older?: string;
}

/** Every condition of a view except the cursor: scope first, then the filters. */
export function activityFilters(admin: AdminScope, filters: ActivityFilters): SQL {
  const conditions: SQL[] = [activityInScope(admin)];
  if (filters.admin) conditions.push(sql`lower(${auditEvents.actorEmail}) = ${filters.admin.toLowerCase()}`);
  if (filters.action) conditions.push(sql`${auditEvents.action} = ${filters.action}`);
  const { start, end } = dayRange(filters);
  if (start) conditions.push(sql`${auditEvents.createdAt} >= ${start.toISOString()}::timestamptz`);
  if (end) conditions.push(sql`${auditEvents.createdAt} < ${end.toISOString()}::timestamptz`);
  return and(...conditions)!;
}

interface EventRow {
  id: string | number;
  created_at: Date | string;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_ids: string[] | string;
  details: Record<string, unknown> | string | null;
  ip_address: string | null;
  organization_name: string | null;
  organization_code: string | null;
}

/**
 * One page of the Activity list, newest first. Keyset pagination on (created_at, id), the order of
 * the (tenant_id, created_at) and (organization_id, created_at) indexes: a page deep in a long history
 * costs what the first page costs, and no total is counted. The cursor is an event id; its time is
 * looked up inside the administrator's tenant, so a foreign id is no cursor at all (an empty page).
 */
export async function getActivityPage(
  db: Db,
  admin: AdminScope,
  query: ActivityQuery,
  pageSize = ACTIVITY_PAGE_SIZE,
): Promise<ActivityPage> {
  const where = activityFilters(admin, query);
  const cursorRow = (id: string) =>
    sql`(select c.created_at, c.id from ${auditEvents} c where c.id = ${id}::bigint and c.tenant_id = ${admin.tenantId})`;
  const select = (condition: SQL | undefined, direction: 'asc' | 'desc') =>
    queryRows<EventRow>(
      db,
      sql`select audit_events.id, audit_events.created_at, audit_events.actor_email, audit_events.action,
            audit_events.target_type, audit_events.target_ids, audit_events.details, audit_events.ip_address,
            o.name as organization_name, o.code as organization_code
          from ${auditEvents}
          left join organizations o on o.id = audit_events.organization_id
          where ${and(where, condition)}
          order by audit_events.created_at ${sql.raw(direction)}, audit_events.id ${sql.raw(direction)}
          limit ${pageSize + 1}`,
    );

  let rows: EventRow[];
  let newer: string | undefined;
  let older: string | undefined;
  if (query.after) {
    const newerRows = await select(sql`(audit_events.created_at, audit_events.id) > ${cursorRow(query.after)}`, 'asc');
    if (newerRows.length > pageSize) {
      rows = newerRows.slice(0, pageSize).reverse();
      newer = String(rows[0]!.id);
      older = String(rows.at(-1)!.id);
    } else {
      // Back at the newest events: show a full first page rather than a short one.
      return getActivityPage(db, admin, { ...query, after: undefined, before: undefined }, pageSize);
    }
  } else {
    const condition = query.before
      ? sql`(audit_events.created_at, audit_events.id) < ${cursorRow(query.before)}`
      : undefined;
    const found = await select(condition, 'desc');
    rows = found.slice(0, pageSize);
    if (found.length > pageSize) older = String(rows.at(-1)!.id);
    if (query.before && rows.length > 0) newer = String(rows[0]!.id);
  }

  const events = rows.map((r) => ({
    ...r,
    id: String(r.id),
    createdAt: new Date(r.created_at),
    targetIds: parseTextArray(r.target_ids),
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : (r.details ?? {})) as Record<string, unknown>,
  }));
  const targets = await describeTargets(db, admin, events);
  return {
    rows: events.map((e, i) => ({
      id: e.id,
      createdAt: e.createdAt,
      actorEmail: e.actor_email,
      action: e.action,
      actionLabel: actionLabel(e.action),
      organization: e.organization_name ? { name: e.organization_name, code: e.organization_code ?? '' } : null,
      targets: targets[i]!,
      ipAddress: e.ip_address,
    })),
    newer,
    older,
  };
}

/** A text[] as the drivers return it: an array (postgres.js, PGlite) or, rarely, its literal. */
function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((v) => v.replace(/^"|"$/g, '')) : [];
}
