import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, invitations } from '@/db/schema';
import type { AccountSelection } from '@/lib/accounts/account-selection-schema';
import { accountFilters, currentInvitation } from '@/lib/accounts/get-accounts-page';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';

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
  const matching = db.select({ id: accounts.id }).from(accounts).$dynamic();
  // The delivery filter names the current invitation's columns (see accountFilters).
  if (selection.matching.delivery) matching.innerJoin(invitations, currentInvitation);
  const rows = await matching
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
