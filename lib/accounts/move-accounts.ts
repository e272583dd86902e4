import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import type { MoveAccountsValues, MoveResult } from '@/lib/accounts/move-accounts-schema';
import { commonOrganization } from '@/lib/activity/event-organization';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import { getHeadroom, holdsHeadroomUnit, lockAndRequireHeadroom } from '@/lib/numbers/headroom';
import { listOrganizationsInScope, type OrganizationOption } from '@/lib/organizations/list-organizations';

export const DESTINATION_NOT_FOUND = 'The organization was not found.';

/**
 * Move (docs/product.md#move): the selected accounts in the administrator's scope go to the destination
 * organization (in scope) with its User Permissions group, in one transaction:
 *
 * - The destination is locked first, then the accounts (in id order), so the headroom cannot change
 *   under the check and two racing moves queue up: the second sees the first's accounts.
 * - Accounts already in the destination are left as they are and counted as "already there".
 * - An account with a number carries it: the number changes organization with it. An account that
 *   holds a unit of headroom (not Active, no number) needs one unit in the destination; when the
 *   destination has fewer, nothing moves and the product's message is the answer.
 * - Status, invitations and personal phone stay as they are.
 * - Set-based: one UPDATE for the accounts and one for their numbers, whatever the selection's size.
 */
export async function moveAccounts(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: MoveAccountsValues,
): Promise<MoveResult> {
  const { ids, organizationId, permissionGroupId } = input;
  return db.transaction(async (tx) => {
    const [destination] = await queryRows<{ id: string; name: string; group_ok: boolean }>(
      tx,
      sql`select o.id, o.name,
            exists (select 1 from permission_groups g where g.id = ${permissionGroupId} and g.organization_id = o.id)
              as group_ok
          from organizations o
          where o.id = ${organizationId} and ${inScope(admin, sql`o.id`)}
          for no key update of o`,
    );
    if (!destination) throw new UserFacingError(DESTINATION_NOT_FOUND, { organizationId: [DESTINATION_NOT_FOUND] });
    if (!destination.group_ok) {
      throw invalid({
        permissionGroupId: ['Choose User Permissions of this organization.'],
      });
    }

    const locked = await queryRows<{ id: string; organization_id: string }>(
      tx,
      sql`select a.id, a.organization_id from accounts a
          where a.id = any(${pgArray(ids)}::uuid[]) and ${inScope(admin, sql`a.organization_id`)}
          order by a.id
          for update of a`,
    );
    const moving = locked.filter((a) => a.organization_id !== organizationId).map((a) => a.id);
    const result: MoveResult = {
      moved: 0,
      alreadyThere: locked.length - moving.length,
      notFound: ids.length - locked.length,
      numbersMoved: 0,
      destinationName: destination.name,
    };
    if (moving.length === 0) return result;
    const movingArray = sql`${pgArray(moving)}::uuid[]`;

    // Read after the locks are held, so an activation that committed meanwhile is counted as it is now.
    const [need] = await queryRows<{ needed: number }>(
      tx,
      sql`select count(*)::int as needed from accounts a where a.id = any(${movingArray}) and ${holdsHeadroomUnit()}`,
    );
    const needed = Number(need?.needed ?? 0);
    if (needed > 0) await lockAndRequireHeadroom(tx, organizationId, needed, 'Unable to move account(s).');

    const [changed] = await queryRows<{ moved: number; numbers: number }>(
      tx,
      sql`with moved as (
            update accounts
            set organization_id = ${organizationId}, permission_group_id = ${permissionGroupId}, updated_at = now()
            where id = any(${movingArray})
            returning 1
          ), numbers as (
            update phone_numbers set organization_id = ${organizationId}
            where account_id = any(${movingArray})
            returning 1
          )
          select (select count(*)::int from moved) as moved, (select count(*)::int from numbers) as numbers`,
    );
    result.moved = Number(changed!.moved);
    result.numbersMoved = Number(changed!.numbers);

    const sources = countBy(locked.filter((a) => a.organization_id !== organizationId).map((a) => a.organization_id));
    await recordAuditEvent(tx, admin, meta, {
      action: 'account.move',
      targetType: 'account',
      targetIds: moving,
      // Seen on the Activity page by the administrators of every organization it touched.
      organizationId: await commonOrganization(tx, [organizationId, ...Object.keys(sources)]),
      details: {
        to: organizationId,
        permissionGroupId,
        from: sources,
        moved: result.moved,
        numbersMoved: result.numbersMoved,
        headroomUsed: needed,
        alreadyThere: result.alreadyThere,
        notFound: result.notFound,
      },
    });
    return result;
  });
}

export interface MoveDestination extends OrganizationOption {
  /** Units of headroom the destination has now (docs/product.md#headroom); may be negative. */
  headroom: number;
  groups: { id: string; name: string; isDefault: boolean }[];
}

export interface MoveOptions {
  destinations: MoveDestination[];
  /** Selected accounts found in scope. */
  found: number;
  /** Of those, how many hold a unit of headroom (not Active, no number), in all and per organization. */
  unitsHeld: number;
  unitsHeldByOrganization: Record<string, number>;
  /** Organizations the selected accounts are in now. */
  sourceOrganizationIds: string[];
}

/**
 * What the Move dialog offers for a selection: the organizations in scope (without the source when
 * the whole selection is in one organization), each with its groups and headroom, and how many of
 * the selected accounts need a unit of headroom wherever they go. A convenience for the dialog; the
 * rule is checked again by moveAccounts.
 */
export async function getMoveOptions(db: Db, admin: AdminScope, ids: string[]): Promise<MoveOptions> {
  const [organizations, selection, groups] = await Promise.all([
    listOrganizationsInScope(db, admin),
    queryRows<{ organization_id: string; n: number; units: number }>(
      db,
      sql`select a.organization_id, count(*)::int as n, count(*) filter (where ${holdsHeadroomUnit()})::int as units
          from accounts a
          where a.id = any(${pgArray(ids)}::uuid[]) and ${inScope(admin, sql`a.organization_id`)}
          group by a.organization_id`,
    ),
    queryRows<{ id: string; name: string; is_default: boolean; organization_id: string }>(
      db,
      sql`select g.id, g.name, g.is_default, g.organization_id from permission_groups g
          where ${inScope(admin, sql`g.organization_id`)}
          order by g.is_default desc, lower(g.name)`,
    ),
  ]);
  const sources = selection.map((s) => s.organization_id);
  const candidates = sources.length === 1 ? organizations.filter((o) => o.id !== sources[0]) : organizations;
  const headroom = await getHeadroom(
    db,
    candidates.map((o) => o.id),
  );
  const groupsByOrganization = new Map<string, MoveDestination['groups']>();
  for (const g of groups) {
    const list = groupsByOrganization.get(g.organization_id) ?? [];
    list.push({ id: g.id, name: g.name, isDefault: g.is_default });
    groupsByOrganization.set(g.organization_id, list);
  }
  return {
    destinations: candidates.map((o) => ({
      ...o,
      headroom: headroom.get(o.id)?.headroom ?? 0,
      groups: groupsByOrganization.get(o.id) ?? [],
    })),
    found: selection.reduce((sum, s) => sum + Number(s.n), 0),
    unitsHeld: selection.reduce((sum, s) => sum + Number(s.units), 0),
    unitsHeldByOrganization: Object.fromEntries(selection.map((s) => [s.organization_id, Number(s.units)])),
    sourceOrganizationIds: sources,
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
