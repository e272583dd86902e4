import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { accounts } from '@/db/schema';
import { ACCOUNT_STATUSES } from '@/lib/accounts/accounts-query';
import { accountFilters } from '@/lib/accounts/get-accounts-page';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';

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

/**
 * The ids of the selection, in the administrator's scope. For "all matching", the filters are applied
 * again now: when more accounts match than the administrator saw, the action is refused (it would
 * reach accounts they never saw counted); fewer (some deleted meanwhile) is fine. At most
 * MAX_MATCHING ids (about 2 MB) are held, so memory stays bounded.
 */
export async function resolveAccountSelection(
  db: Db,
  admin: AdminScope,
  selection: AccountSelection,
): Promise<string[]> {
  if ('ids' in selection) return selection.ids;
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(accountFilters(admin, selection.matching))
    .orderBy(asc(accounts.id))
    .limit(selection.expected + 1);
  if (rows.length > selection.expected) {
    throw new UserFacingError(
      `More accounts match these filters than when you selected them (${selection.expected.toLocaleString('en-US')}). Select them again to review the new count.`,
    );
  }
  return rows.map((r) => r.id);
}
