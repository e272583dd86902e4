import { z } from 'zod';
import { TAG_PATTERN } from '@/lib/numbers/add-numbers-schema';
import { optionalParam, pageParam, pageSizeParam, queryString, searchParam } from '@/lib/url-query';

export const NUMBER_STATUSES = ['available', 'assigned'] as const;
export type NumberStatusFilter = (typeof NUMBER_STATUSES)[number];
export const NUMBER_STATUS_LABELS: Record<NumberStatusFilter, string> = {
  available: 'Available',
  assigned: 'Assigned',
};
/** The tag filter's value for numbers without a tag (a tag is upper-case, so it cannot clash). */
export const NO_TAG = 'none';
export const NUMBER_PAGE_SIZES = [50, 100, 500] as const;

/**
 * The Numbers inventory's view, kept in the URL. As on the Accounts page, a malformed parameter falls
 * back to its default: a URL is not a form to reject.
 */
export const numbersQuerySchema = z.object({
  q: searchParam(40),
  org: optionalParam(z.uuid()),
  status: optionalParam(z.enum(NUMBER_STATUSES)),
  tag: optionalParam(z.union([z.literal(NO_TAG), z.string().regex(TAG_PATTERN)])),
  page: pageParam,
  size: pageSizeParam(NUMBER_PAGE_SIZES, 100),
});

export type NumbersQuery = z.infer<typeof numbersQuerySchema>;

export function parseNumbersQuery(params: Record<string, string | string[] | undefined>): NumbersQuery {
  return numbersQuerySchema.parse(params);
}

/** The query string for a view; defaults are left out. */
export function numbersQueryString(query: NumbersQuery, changes: Partial<NumbersQuery> = {}): string {
  const { q, org, status, tag, page, size } = { ...query, ...changes };
  return queryString({ q, org, status, tag, page, size }, { page: 1, size: 100 });
}
