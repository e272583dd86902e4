import { z } from 'zod';
import { ACCOUNT_STATUSES, DELIVERY_FILTERS } from '@/lib/accounts/accounts-query';

/** Rows ticked on a page: at most a few pages' worth. */
export const MAX_PICKED = 1000;
/** "Select all N matching": every account the Accounts table's search and filters match, up to this. */
export const MAX_MATCHING = 50_000;

/**
 * The filters of a "Select all N matching" selection, parsed strictly: unlike the page's URL (where a
 * malformed parameter falls back to its default), a filter that cannot be read here must refuse the
 * action, since dropping it would widen the selection.
 */
export const matchingFiltersSchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  org: z.uuid().optional(),
  status: z.enum(ACCOUNT_STATUSES).optional(),
  tag: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,31}$/)
    .optional(),
  delivery: z.enum(DELIVERY_FILTERS).optional(),
});
export type MatchingFilters = z.infer<typeof matchingFiltersSchema>;

/**
 * What a bulk action on the Accounts table applies to: the rows ticked, or every account matching the
 * filters the administrator saw with `expected` of them (the count the page showed).
 */
export const accountSelectionSchema = z.union([
  z.strictObject({
    ids: z
      .array(z.uuid())
      .min(1, 'Select at least one account.')
      .max(MAX_PICKED, `Select at most ${MAX_PICKED.toLocaleString('en-US')} accounts at a time, or all matching.`)
      .transform((ids) => [...new Set(ids)]),
  }),
  z.strictObject({
    matching: matchingFiltersSchema,
    expected: z
      .number()
      .int()
      .min(1, 'Select at least one account.')
      .max(MAX_MATCHING, `At most ${MAX_MATCHING.toLocaleString('en-US')} accounts can be selected at once.`),
  }),
]);
export type AccountSelection = z.infer<typeof accountSelectionSchema>;
