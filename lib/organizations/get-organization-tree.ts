import { and, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, organizations, permissionGroups, phoneNumbers } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { getHeadroom } from '@/lib/numbers/headroom';
import { listOrganizationsInScope, type OrganizationOption } from '@/lib/organizations/list-organizations';
import { resolveSingleUseInvitations, type SingleUseSetting } from '@/lib/organizations/single-use-invitations';

export interface OrganizationTreeRow extends OrganizationOption {
  accounts: { notInvited: number; pending: number; expired: number; active: number };
  numbers: { available: number; assigned: number };
  /**
   * Available numbers − accounts not Active and without a number (docs/product.md#headroom); negative is a
   * problem.
   */
  headroom: number;
  permissionGroups: number;
  /** The administrator's own organization: its name is set from above (an owner's root excepted). */
  isOwn: boolean;
  canRename: boolean;
  /** Single-use invitations: the organization's own value (null inherits) and the one that applies. */
  singleUse: SingleUseSetting;
  /** What Inherit would give it: its parent's effective value (off for the root). */
  singleUseInherited: boolean;
}

/**
 * The Organizations page's tree: every organization in scope, in tree order, with its accounts by
 * status, its numbers and its headroom. A fixed number of set-based queries whatever the size of the
 * tree: the list, one grouped count of accounts, one of numbers and groups, and getHeadroom over all ids.
 */
export async function getOrganizationTree(db: Db, admin: AdminScope): Promise<OrganizationTreeRow[]> {
  const tree = await listOrganizationsInScope(db, admin);
  if (tree.length === 0) return [];
  const ids = tree.map((o) => o.id);
  const [accountRows, numberRows, headroom, singleUse] = await Promise.all([
    countAccountsByStatus(db, admin),
    countNumbersAndGroups(db, admin),
    getHeadroom(db, ids),
    resolveSingleUseInvitations(db, ids),
  ]);
  const accountsById = new Map(accountRows.map(({ id, ...counts }) => [id, counts]));
  const numbersById = new Map(numberRows.map((r) => [r.id, r]));
  return tree.map((o) => {
    const n = numbersById.get(o.id);
    const h = headroom.get(o.id);
    const isOwn = o.id === admin.organizationId;
    const setting = singleUse.get(o.id) ?? { own: null, effective: false, inherited: false };
    return {
      ...o,
      accounts: accountsById.get(o.id) ?? { notInvited: 0, pending: 0, expired: 0, active: 0 },
      numbers: { available: h?.available ?? 0, assigned: n?.assigned ?? 0 },
      headroom: h?.headroom ?? 0,
      permissionGroups: n?.groups ?? 0,
      isOwn,
      canRename: !isOwn || admin.role === 'owner',
      singleUse: { own: setting.own, effective: setting.effective },
      singleUseInherited: setting.inherited,
    };
  });
}

const countWhere = (condition: SQL) => sql<number>`count(*) filter (where ${condition})`.mapWith(Number);

/**
 * Accounts in scope by organization and status, "Expired" as the Accounts table derives it: invited
 * and the current invitation past its expiry. An index-only scan of accounts_organization_idx.
 */
function countAccountsByStatus(db: Db, admin: AdminScope) {
  return db
    .select({
      id: accounts.organizationId,
      notInvited: countWhere(sql`${accounts.status} = 'not_invited'`),
      pending: countWhere(sql`${accounts.status} = 'invited' and ${accounts.invitationExpiresAt} >= now()`),
      expired: countWhere(sql`${accounts.status} = 'invited' and ${accounts.invitationExpiresAt} < now()`),
      active: countWhere(sql`${accounts.status} = 'active'`),
    })
    .from(accounts)
    .where(inScope(admin, accounts.organizationId))
    .groupBy(accounts.organizationId);
}

/** Assigned numbers and permission groups of each organization in scope. */
function countNumbersAndGroups(db: Db, admin: AdminScope) {
  return db
    .select({
      id: organizations.id,
      assigned: db.$count(
        phoneNumbers,
        and(eq(phoneNumbers.organizationId, organizations.id), isNotNull(phoneNumbers.accountId)),
      ),
      groups: db.$count(permissionGroups, eq(permissionGroups.organizationId, organizations.id)),
    })
    .from(organizations)
    .where(inScope(admin, organizations.id));
}
