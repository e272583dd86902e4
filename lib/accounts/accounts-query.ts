import { z } from 'zod';

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
export const ACCOUNT_STATUSES = ['not_invited', 'pending', 'active', 'expired'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export type AccountStatusFilter = (typeof ACCOUNT_STATUSES)[number];

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const x = first(v);
  return typeof x === 'string' && x.trim() === '' ? undefined : x;
};

/**
 * The Accounts table's view, kept in the URL so it can be shared and the back button works.
 * A malformed parameter falls back to its default: a URL is not a form to reject.
 */
export const accountsQuerySchema = z.object({
  // A long search is cut to 100 characters rather than dropped, so it never silently lists everything.
  q: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .transform((v) => v.slice(0, 100))
        .optional(),
    )
    .catch(undefined),
  org: z.preprocess(blankToUndefined, z.uuid().optional()).catch(undefined),
  status: z.preprocess(blankToUndefined, z.enum(ACCOUNT_STATUSES).optional()).catch(undefined),
  tag: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[A-Z][A-Z0-9_]{0,31}$/)
        .optional(),
    )
    .catch(undefined),
  sort: z.preprocess(first, z.enum(ACCOUNT_SORTS)).catch('name'),
  dir: z.preprocess(first, z.enum(['asc', 'desc'])).catch('asc'),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(1_000_000)).catch(1),
  size: z.preprocess(first, z.coerce.number().pipe(z.union(PAGE_SIZES.map((s) => z.literal(s))))).catch(50),
});

export type AccountsQuery = z.infer<typeof accountsQuerySchema>;

export function parseAccountsQuery(params: Record<string, string | string[] | undefined>): AccountsQuery {
  return accountsQuerySchema.parse(params);
}

/** The query string for a view; defaults are left out so URLs stay short. */
export function accountsQueryString(query: AccountsQuery, changes: Partial<AccountsQuery> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  if (merged.org) params.set('org', merged.org);
  if (merged.status) params.set('status', merged.status);
  if (merged.tag) params.set('tag', merged.tag);
  if (merged.sort !== 'name') params.set('sort', merged.sort);
  if (merged.dir !== 'asc') params.set('dir', merged.dir);
  if (merged.page !== 1) params.set('page', String(merged.page));
  if (merged.size !== 50) params.set('size', String(merged.size));
  const s = params.toString();
  return s ? `?${s}` : '';
}
