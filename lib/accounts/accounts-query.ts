import { z } from 'zod';
import { first, optionalParam, pageParam, pageSizeParam, queryString, searchParam } from '@/lib/url-query';

export const ACCOUNT_SORTS = [
  'name',
  'email',
  'organization',
  'number',
  'permissions',
  'status',
  'invited',
  'activated',
] as const;
export const ACCOUNT_STATUSES = ['not_invited', 'pending', 'active', 'expired', 'suspended'] as const;
/** The delivery states of an account's current invitation, in the filter's order. */
export const DELIVERY_FILTERS = ['queued', 'sent', 'delivered', 'bounced', 'complained', 'failed'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export type AccountStatusFilter = (typeof ACCOUNT_STATUSES)[number];
export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number];

/**
 * The Accounts table's view, kept in the URL so it can be shared and the back button works.
 * A malformed parameter falls back to its default: a URL is not a form to reject.
 */
export const accountsQuerySchema = z.object({
  q: searchParam(100),
  org: optionalParam(z.uuid()),
  status: optionalParam(z.enum(ACCOUNT_STATUSES)),
  tag: optionalParam(z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/)),
  delivery: optionalParam(z.enum(DELIVERY_FILTERS)),
  sort: z.preprocess(first, z.enum(ACCOUNT_SORTS)).catch('name'),
  dir: z.preprocess(first, z.enum(['asc', 'desc'])).catch('asc'),
  page: pageParam,
  size: pageSizeParam(PAGE_SIZES, 50),
});

export type AccountsQuery = z.infer<typeof accountsQuerySchema>;

export function parseAccountsQuery(params: Record<string, string | string[] | undefined>): AccountsQuery {
  return accountsQuerySchema.parse(params);
}

/** The query string for a view; defaults are left out so URLs stay short. */
export function accountsQueryString(query: AccountsQuery, changes: Partial<AccountsQuery> = {}): string {
  const { q, org, status, tag, delivery, sort, dir, page, size } = { ...query, ...changes };
  return queryString(
    { q, org, status, tag, delivery, sort, dir, page, size },
    { sort: 'name', dir: 'asc', page: 1, size: 50 },
  );
}
