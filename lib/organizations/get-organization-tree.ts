import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { getHeadroom } from '@/lib/numbers/headroom';
import { listOrganizationsInScope } from '@/lib/organizations/list-organizations';

export interface OrganizationTreeRow {
  id: string;
  name: string;
  code: string;
  /** Depth below the administrator's own organization (0 for it). */
  depth: number;
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
}

/**
 * The Organizations page's tree: every organization in scope, in tree order, with its accounts by
 * status, its numbers and its headroom. A fixed number of set-based queries whatever the size of the
 * tree: the list, one grouped count of accounts, one of numbers and groups, and getHeadroom over all ids.
 */
export async function getOrganizationTree(db: Db, admin: AdminScope): Promise<OrganizationTreeRow[]> {
  const organizations = await listOrganizationsInScope(db, admin);
  if (organizations.length === 0) return [];
  const ids = organizations.map((o) => o.id);
  const [accountRows, numberRows, headroom] = await Promise.all([
    // "Expired" as the Accounts table derives it: invited and the current invitation past its expiry.
    queryRows<{ id: string; not_invited: number; pending: number; expired: number; active: number }>(
      db,
      sql`select organization_id as id,
            count(*) filter (where status = 'not_invited')::int as not_invited,
            count(*) filter (where status = 'invited' and invitation_expires_at >= now())::int as pending,
            count(*) filter (where status = 'invited' and invitation_expires_at < now())::int as expired,
            count(*) filter (where status = 'active')::int as active
          from accounts where ${inScope(admin, sql`organization_id`)}
          group by organization_id`,
    ),
    queryRows<{ id: string; assigned: number; groups: number }>(
      db,
      sql`select o.id,
            (select count(*)::int from phone_numbers n where n.organization_id = o.id and n.account_id is not null) as assigned,
            (select count(*)::int from permission_groups g where g.organization_id = o.id) as groups
          from organizations o where ${inScope(admin, sql`o.id`)}`,
    ),
    getHeadroom(db, ids),
  ]);
  const accountsById = new Map(accountRows.map((r) => [r.id, r]));
  const numbersById = new Map(numberRows.map((r) => [r.id, r]));
  return organizations.map((o) => {
    const a = accountsById.get(o.id);
    const n = numbersById.get(o.id);
    const h = headroom.get(o.id);
    const isOwn = o.id === admin.organizationId;
    return {
      ...o,
      accounts: {
        notInvited: Number(a?.not_invited ?? 0),
        pending: Number(a?.pending ?? 0),
        expired: Number(a?.expired ?? 0),
        active: Number(a?.active ?? 0),
      },
      numbers: { available: h?.available ?? 0, assigned: Number(n?.assigned ?? 0) },
      headroom: h?.headroom ?? 0,
      permissionGroups: Number(n?.groups ?? 0),
      isOwn,
      canRename: !isOwn || admin.role === 'owner',
    };
  });
}
