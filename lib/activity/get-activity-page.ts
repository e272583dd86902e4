import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { type AuditEvent, auditEvents, type Organization, organizations } from '@/db/schema';
import { ACTIVITY_PAGE_SIZE, type ActivityFilters, type ActivityQuery, dayRange } from '@/lib/activity/activity-query';
import { activityInScope } from '@/lib/activity/activity-scope';
import { actionLabel } from '@/lib/activity/action-labels';
import { describeTargets, type TargetSummary } from '@/lib/activity/describe-targets';
import type { AdminScope } from '@/lib/auth/scope';

export interface ActivityRow extends Pick<AuditEvent, 'createdAt' | 'actorEmail' | 'action' | 'ipAddress'> {
  /** The event's id (a bigserial) as text: the page's cursors. */
  id: string;
  actionLabel: string;
  organization: Pick<Organization, 'name' | 'code'> | null;
  targets: TargetSummary;
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

/** The audit event a cursor names, looked up inside the administrator's tenant. */
const cursorEvent = alias(auditEvents, 'cursor');

/** `(created_at, id)` of the listed events compared with those of the cursor's event. */
function pastCursor(admin: AdminScope, id: string, comparison: '<' | '>'): SQL {
  return sql`(${auditEvents.createdAt}, ${auditEvents.id}) ${sql.raw(comparison)} (
    select ${cursorEvent.createdAt}, ${cursorEvent.id} from ${auditEvents} as ${cursorEvent}
    where ${cursorEvent.id} = ${id}::bigint and ${cursorEvent.tenantId} = ${admin.tenantId})`;
}

/** Up to `limit` events of the view past the cursor condition, with their organization. */
function selectEvents(db: Db, where: SQL, cursor: SQL | undefined, direction: 'asc' | 'desc', limit: number) {
  const order = direction === 'asc' ? asc : desc;
  return db
    .select({
      id: auditEvents.id,
      createdAt: auditEvents.createdAt,
      actorEmail: auditEvents.actorEmail,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetIds: auditEvents.targetIds,
      details: auditEvents.details,
      ipAddress: auditEvents.ipAddress,
      organizationName: organizations.name,
      organizationCode: organizations.code,
    })
    .from(auditEvents)
    .leftJoin(organizations, eq(organizations.id, auditEvents.organizationId))
    .where(and(where, cursor))
    .orderBy(order(auditEvents.createdAt), order(auditEvents.id))
    .limit(limit);
}

type EventRow = Awaited<ReturnType<typeof selectEvents>>[number];

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
  let page: { rows: EventRow[]; newer?: string; older?: string };
  if (query.after) {
    const newerRows = await selectEvents(db, where, pastCursor(admin, query.after, '>'), 'asc', pageSize + 1);
    // Back at the newest events: show a full first page rather than a short one.
    if (newerRows.length <= pageSize) {
      return getActivityPage(db, admin, { ...query, after: undefined, before: undefined }, pageSize);
    }
    const rows = newerRows.slice(0, pageSize).reverse();
    page = { rows, newer: String(rows[0]!.id), older: String(rows.at(-1)!.id) };
  } else {
    const cursor = query.before ? pastCursor(admin, query.before, '<') : undefined;
    const found = await selectEvents(db, where, cursor, 'desc', pageSize + 1);
    const rows = found.slice(0, pageSize);
    page = {
      rows,
      older: found.length > pageSize ? String(rows.at(-1)!.id) : undefined,
      newer: query.before && rows.length > 0 ? String(rows[0]!.id) : undefined,
    };
  }
  return { rows: await describeRows(db, admin, page.rows), newer: page.newer, older: page.older };
}

async function describeRows(db: Db, admin: AdminScope, rows: EventRow[]): Promise<ActivityRow[]> {
  const events = rows.map((r) => ({ ...r, details: detailsOf(r.details) }));
  const targets = await describeTargets(db, admin, events);
  return events.map((e, i) => ({
    id: String(e.id),
    createdAt: e.createdAt,
    actorEmail: e.actorEmail,
    action: e.action,
    actionLabel: actionLabel(e.action),
    organization: e.organizationName ? { name: e.organizationName, code: e.organizationCode ?? '' } : null,
    targets: targets[i]!,
    ipAddress: e.ipAddress,
  }));
}

/** The details object as stored (jsonb); anything else reads as no details. */
function detailsOf(details: unknown): Record<string, unknown> {
  return details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {};
}
