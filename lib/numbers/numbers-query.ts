import { z } from 'zod';
import { TAG_PATTERN } from '@/lib/numbers/add-numbers-schema';

export const NUMBER_STATUSES = ['available', 'assigned'] as const;
export type NumberStatusFilter = (typeof NUMBER_STATUSES)[number];
export const NUMBER_STATUS_LABELS: Record<NumberStatusFilter, string> = {
  available: 'Available',
  assigned: 'Assigned',
};
/** The tag filter's value for numbers without a tag (a tag is upper-case, so it cannot clash). */
export const NO_TAG = 'none';
export const NUMBER_PAGE_SIZES = [50, 100, 500] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const x = first(v);
  return typeof x === 'string' && x.trim() === '' ? undefined : x;
};

/**
 * The Numbers inventory's view, kept in the URL. As on the Accounts page, a malformed parameter falls
 * back to its default: a URL is not a form to reject.
 */
export const numbersQuerySchema = z.object({
  q: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .transform((v) => v.slice(0, 40))
        .optional(),
    )
    .catch(undefined),
  org: z.preprocess(blankToUndefined, z.uuid().optional()).catch(undefined),
  status: z.preprocess(blankToUndefined, z.enum(NUMBER_STATUSES).optional()).catch(undefined),
  tag: z
    .preprocess(blankToUndefined, z.union([z.literal(NO_TAG), z.string().regex(TAG_PATTERN)]).optional())
    .catch(undefined),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(1_000_000)).catch(1),
  size: z.preprocess(first, z.coerce.number().pipe(z.union(NUMBER_PAGE_SIZES.map((s) => z.literal(s))))).catch(100),
});

export type NumbersQuery = z.infer<typeof numbersQuerySchema>;

export function parseNumbersQuery(params: Record<string, string | string[] | undefined>): NumbersQuery {
  return numbersQuerySchema.parse(params);
}

/** The query string for a view; defaults are left out. */
export function numbersQueryString(query: NumbersQuery, changes: Partial<NumbersQuery> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  if (merged.org) params.set('org', merged.org);
  if (merged.status) params.set('status', merged.status);
  if (merged.tag) params.set('tag', merged.tag);
  if (merged.page !== 1) params.set('page', String(merged.page));
  if (merged.size !== 100) params.set('size', String(merged.size));
  const s = params.toString();
  return s ? `?${s}` : '';
}
