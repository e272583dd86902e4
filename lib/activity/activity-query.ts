import { z } from 'zod';
import { NO_CONTROL_CHARACTERS, wellFormed } from '@/lib/storable-text';
import { optionalParam, queryString } from '@/lib/url-query';

export const ACTIVITY_PAGE_SIZE = 50;

/** A calendar day, YYYY-MM-DD, that exists (2026-02-30 does not). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  });

/** An audit event id, the keyset cursor (bigserial; positive and within a bigint). */
const cursor = z.string().regex(/^[1-9]\d{0,17}$/);

/**
 * The Activity page's view, kept in the URL. Days are UTC days, as every date in the portal is shown
 * in UTC. A malformed parameter falls back to its default (no filter, the newest events), as on the
 * Accounts page: a URL is not a form to reject.
 */
export const activityQuerySchema = z.object({
  /** The acting administrator's email as the events recorded it (kept after the administrator is removed). */
  admin: optionalParam(z.string().trim().max(320).regex(NO_CONTROL_CHARACTERS).transform(wellFormed)),
  action: optionalParam(z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/)),
  from: optionalParam(day),
  to: optionalParam(day),
  /** Older than this event (the next page). */
  before: optionalParam(cursor),
  /** Newer than this event (the previous page); ignored when `before` is set. */
  after: optionalParam(cursor),
});

export type ActivityQuery = z.infer<typeof activityQuerySchema>;
export type ActivityFilters = Pick<ActivityQuery, 'admin' | 'action' | 'from' | 'to'>;

export function parseActivityQuery(params: Record<string, string | string[] | undefined>): ActivityQuery {
  const query = activityQuerySchema.parse(params);
  return query.before ? { ...query, after: undefined } : query;
}

/** The query string for a view; the cursor is dropped unless given in `changes`. */
export function activityQueryString(
  filters: ActivityFilters,
  cursorChange: { before?: string; after?: string } = {},
): string {
  const { admin, action, from, to } = filters;
  const { before, after } = cursorChange;
  return queryString({ admin, action, from, to, before, after: before ? undefined : after });
}

/** [start, end) in UTC of the filter's days; `to` includes its whole day. */
export function dayRange(filters: Pick<ActivityFilters, 'from' | 'to'>): { start?: Date; end?: Date } {
  const start = filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined;
  const end = filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  return { start, end };
}
