import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import {
  type Account,
  accounts,
  type Organization,
  organizations,
  type PermissionGroup,
  permissionGroups,
  phoneNumbers,
} from '@/db/schema';
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
  return db.transaction(async (tx) => {
    const destination = await lockDestination(tx, admin, input);
    const locked = await lockAccounts(tx, admin, input.ids);
    const moving = locked.filter((a) => a.organizationId !== input.organizationId);
    const result: MoveResult = {
      moved: 0,
      alreadyThere: locked.length - moving.length,
      notFound: input.ids.length - locked.length,
      numbersMoved: 0,
      destinationName: destination.name,
    };
    if (moving.length === 0) return result;
    const movingIds = moving.map((a) => a.id);

    // Read after the locks are held, so an activation that committed meanwhile is counted as it is now.
    const needed = await countHeadroomUnits(tx, movingIds);
    if (needed > 0) await lockAndRequireHeadroom(tx, input.organizationId, needed, 'Unable to move account(s).');

    const changed = await moveLockedAccounts(tx, movingIds, input);
    result.moved = changed.moved;
    result.numbersMoved = changed.numbers;
    await recordMove(tx, admin, meta, { input, moving, result, headroomUsed: needed });
    return result;
  });
}

/** The destination in scope, locked for its headroom, with the chosen group checked to be its own. */
async function lockDestination(
  tx: Db,
  admin: AdminScope,
  input: MoveAccountsValues,
): Promise<Pick<Organization, 'id' | 'name'>> {
  const [destination] = await tx
    .select({ id: organizations.id, name: organizations.name, groupId: permissionGroups.id })
    .from(organizations)
    .leftJoin(
      permissionGroups,
      and(eq(permissionGroups.id, input.permissionGroupId), eq(permissionGroups.organizationId, organizations.id)),
    )
    .where(and(eq(organizations.id, input.organizationId), inScope(admin, organizations.id)))
    .for('no key update', { of: organizations });
  if (!destination) throw new UserFacingError(DESTINATION_NOT_FOUND, { organizationId: [DESTINATION_NOT_FOUND] });
  if (destination.groupId === null) {
    throw invalid({
      permissionGroupId: ['Choose User Permissions of this organization.'],
    });
  }
  return destination;
}

/** The selected accounts in scope, locked in id order (one array parameter for the whole selection). */
function lockAccounts(tx: Db, admin: AdminScope, ids: string[]): Promise<Pick<Account, 'id' | 'organizationId'>[]> {
  return tx
    .select({ id: accounts.id, organizationId: accounts.organizationId })
    .from(accounts)
    .where(and(sql`${accounts.id} = any(${pgArray(ids)}::uuid[])`, inScope(admin, accounts.organizationId)))
    .orderBy(asc(accounts.id))
    .for('update');
}

/** How many of these accounts hold a unit of headroom, which they take with them. */
async function countHeadroomUnits(tx: Db, accountIds: string[]): Promise<number> {
  const [row] = await tx
    .select({ needed: count() })
    .from(accounts)
    .where(and(sql`${accounts.id} = any(${pgArray(accountIds)}::uuid[])`, holdsHeadroomUnit()));
  return row?.needed ?? 0;
}

/**
 * The accounts and their numbers change organization in one statement (two updates in a `with`),
 * whatever the selection's size.
 */
async function moveLockedAccounts(
  tx: Db,
  accountIds: string[],
  input: MoveAccountsValues,
): Promise<{ moved: number; numbers: number }> {
  const ids = sql`${pgArray(accountIds)}::uuid[]`;
  const movedAccounts = tx
    .update(accounts)
    .set({ organizationId: input.organizationId, permissionGroupId: input.permissionGroupId, updatedAt: sql`now()` })
    .where(sql`${accounts.id} = any(${ids})`)
    .returning({ id: accounts.id });
  const movedNumbers = tx
    .update(phoneNumbers)
    .set({ organizationId: input.organizationId })
    .where(sql`${phoneNumbers.accountId} = any(${ids})`)
    .returning({ id: phoneNumbers.id });
  const [changed] = await queryRows<{ moved: number; numbers: number }>(
    tx,
    sql`with moved as ${movedAccounts}, numbers as ${movedNumbers}
        select (select count(*)::int from moved) as "moved", (select count(*)::int from numbers) as "numbers"`,
  );
  return { moved: Number(changed!.moved), numbers: Number(changed!.numbers) };
}

async function recordMove(
  tx: Db,
  admin: AdminScope,
  meta: RequestMeta,
  move: {
    input: MoveAccountsValues;
    moving: Pick<Account, 'id' | 'organizationId'>[];
    result: MoveResult;
    headroomUsed: number;
  },
): Promise<void> {
  const { input, moving, result } = move;
  const sources = countBy(moving.map((a) => a.organizationId));
  await recordAuditEvent(tx, admin, meta, {
    action: 'account.move',
    targetType: 'account',
    targetIds: moving.map((a) => a.id),
    // Seen on the Activity page by the administrators of every organization it touched.
    organizationId: await commonOrganization(tx, [input.organizationId, ...Object.keys(sources)]),
    details: {
      to: input.organizationId,
      permissionGroupId: input.permissionGroupId,
      from: sources,
      moved: result.moved,
      numbersMoved: result.numbersMoved,
      headroomUsed: move.headroomUsed,
      alreadyThere: result.alreadyThere,
      notFound: result.notFound,
    },
  });
}

type GroupOption = Pick<PermissionGroup, 'id' | 'name' | 'isDefault'>;

export interface MoveDestination extends OrganizationOption {
  /** Units of headroom the destination has now (docs/product.md#headroom); may be negative. */
  headroom: number;
  groups: GroupOption[];
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
  const [options, selection, groups] = await Promise.all([
    listOrganizationsInScope(db, admin),
    selectionBySource(db, admin, ids),
    groupsInScope(db, admin),
  ]);
  const sources = selection.map((s) => s.organizationId);
  const candidates = sources.length === 1 ? options.filter((o) => o.id !== sources[0]) : options;
  const headroom = await getHeadroom(
    db,
    candidates.map((o) => o.id),
  );
  return {
    destinations: candidates.map((o) => ({
      ...o,
      headroom: headroom.get(o.id)?.headroom ?? 0,
      groups: groups.get(o.id) ?? [],
    })),
    found: selection.reduce((sum, s) => sum + Number(s.n), 0),
    unitsHeld: selection.reduce((sum, s) => sum + Number(s.units), 0),
    unitsHeldByOrganization: Object.fromEntries(selection.map((s) => [s.organizationId, Number(s.units)])),
    sourceOrganizationIds: sources,
  };
}

/** The selected accounts in scope counted per organization, with the units of headroom they hold. */
function selectionBySource(db: Db, admin: AdminScope, ids: string[]) {
  return queryRows<Pick<Account, 'organizationId'> & { n: number; units: number }>(
    db,
    sql`select ${accounts.organizationId} as "organizationId", count(*)::int as "n",
          count(*) filter (where ${holdsHeadroomUnit()})::int as "units"
        from ${accounts}
        where ${accounts.id} = any(${pgArray(ids)}::uuid[]) and ${inScope(admin, accounts.organizationId)}
        group by ${accounts.organizationId}`,
  );
}

/** The User Permissions groups in scope by organization, the default first, then by name. */
async function groupsInScope(db: Db, admin: AdminScope): Promise<Map<string, GroupOption[]>> {
  const rows = await db
    .select({
      id: permissionGroups.id,
      name: permissionGroups.name,
      isDefault: permissionGroups.isDefault,
      organizationId: permissionGroups.organizationId,
    })
    .from(permissionGroups)
    .where(inScope(admin, permissionGroups.organizationId))
    .orderBy(desc(permissionGroups.isDefault), sql`lower(${permissionGroups.name})`);
  const byOrganization = new Map<string, GroupOption[]>();
  for (const { organizationId, ...group } of rows) {
    const list = byOrganization.get(organizationId) ?? [];
    list.push(group);
    byOrganization.set(organizationId, list);
  }
  return byOrganization;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
