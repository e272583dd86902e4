import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Organization, organizations, type PhoneNumber, phoneNumbers } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import { getHeadroom, type Headroom } from '@/lib/numbers/headroom';
import { listReservedTags } from '@/lib/numbers/reserved-tags';

export interface MoveNumbersResult {
  moved: number;
  destination: Pick<Organization, 'id' | 'name' | 'code'>;
  /** Skipped: assigned to an account (when selected, or meanwhile). */
  assigned: number;
  /** Skipped: already in the destination. */
  alreadyThere: number;
  /** Not in scope, deleted, or moved by someone else meanwhile. */
  notFound: number;
}

type LockedNumber = Pick<PhoneNumber, 'id' | 'e164' | 'organizationId' | 'accountId' | 'tag'>;

/** The locked numbers sorted out: those that move, and how many are skipped for each reason. */
interface Selection {
  movable: LockedNumber[];
  assigned: number;
  alreadyThere: number;
  /** Moved to an organization outside the locked ones between the first read and the lock. */
  changed: number;
}

/**
 * Moves available numbers to another organization in scope: down to a sub-organization, across, or
 * up to a parent ("withdrawing" them). Only unassigned numbers move; one assigned (even a moment
 * ago, by an invite or an activation) is skipped and reported, because a number must stay in its
 * account's organization. The source organizations and the destination are locked in id order (as
 * every headroom check locks them), then the numbers (`for update`), so a concurrent invite either
 * took the number first (it is skipped here) or finds it gone from its organization (and fails
 * cleanly). A source may not be left with negative headroom: its accounts without a number each hold
 * one of its available numbers; the move is then refused whole, stating the shortfall.
 */
export async function moveNumbers(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  ids: string[],
  destinationId: string,
): Promise<MoveNumbersResult> {
  return db.transaction(async (tx) => {
    const destination = await findDestination(tx, admin, destinationId);
    const sources = await sourceOrganizations(tx, admin, ids);
    const lockedIds = [...new Set([destination.id, ...sources])].sort();
    await lockOrganizations(tx, lockedIds);
    const rows = await lockNumbers(tx, admin, ids);
    const selection = sortSelection(rows, new Set(lockedIds), destination.id);
    const leaving = countBySource(selection.movable);
    // Reserved numbers are in no headroom, so they leave none behind short.
    const reserved = new Set(await listReservedTags(tx, admin.tenantId));
    await requireSourceHeadroom(tx, countBySource(selection.movable.filter((r) => !r.tag || !reserved.has(r.tag))));
    if (selection.movable.length > 0) {
      await tx
        .update(phoneNumbers)
        .set({ organizationId: destination.id })
        .where(sql`${phoneNumbers.id} = any(${pgArray(selection.movable.map((r) => r.id))}::uuid[])`);
      await recordNumberMove(tx, admin, meta, { destination, selection, leaving });
    }
    return {
      moved: selection.movable.length,
      destination,
      assigned: selection.assigned,
      alreadyThere: selection.alreadyThere,
      notFound: ids.length - rows.length + selection.changed,
    };
  });
}

async function findDestination(
  tx: Db,
  admin: AdminScope,
  destinationId: string,
): Promise<MoveNumbersResult['destination']> {
  const [destination] = await tx
    .select({ id: organizations.id, name: organizations.name, code: organizations.code })
    .from(organizations)
    .where(and(eq(organizations.id, destinationId), inScope(admin, organizations.id)));
  if (!destination) throw invalid({ organizationId: ['Choose an organization.'] });
  return destination;
}

/** The organizations the selected numbers in scope are in, read before anything is locked. */
async function sourceOrganizations(tx: Db, admin: AdminScope, ids: string[]): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ organizationId: phoneNumbers.organizationId })
    .from(phoneNumbers)
    .where(and(sql`${phoneNumbers.id} = any(${pgArray(ids)}::uuid[])`, inScope(admin, phoneNumbers.organizationId)));
  return rows.map((r) => r.organizationId);
}

/**
 * `for no key update`, not `for update`: it still queues behind (and blocks) every headroom check,
 * which locks `for update`, but not behind the key-share locks that inserting any row referencing
 * an organization takes (an invite's account and its audit event, which references the tenant's
 * root). With `for update`, a move up to the root deadlocked with an invite in the source.
 */
async function lockOrganizations(tx: Db, sortedIds: string[]): Promise<void> {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(sql`${organizations.id} = any(${pgArray(sortedIds)}::uuid[])`)
    .orderBy(asc(organizations.id))
    .for('no key update');
}

function lockNumbers(tx: Db, admin: AdminScope, ids: string[]): Promise<LockedNumber[]> {
  return tx
    .select({
      id: phoneNumbers.id,
      e164: phoneNumbers.e164,
      organizationId: phoneNumbers.organizationId,
      accountId: phoneNumbers.accountId,
      tag: phoneNumbers.tag,
    })
    .from(phoneNumbers)
    .where(and(sql`${phoneNumbers.id} = any(${pgArray(ids)}::uuid[])`, inScope(admin, phoneNumbers.organizationId)))
    .orderBy(asc(phoneNumbers.id))
    .for('update');
}

function sortSelection(rows: LockedNumber[], locked: Set<string>, destinationId: string): Selection {
  const selection: Selection = { movable: [], assigned: 0, alreadyThere: 0, changed: 0 };
  for (const r of rows) {
    if (!locked.has(r.organizationId)) selection.changed++;
    else if (r.organizationId === destinationId) selection.alreadyThere++;
    else if (r.accountId) selection.assigned++;
    else selection.movable.push(r);
  }
  return selection;
}

function countBySource(numbers: LockedNumber[]): Map<string, number> {
  const leaving = new Map<string, number>();
  for (const r of numbers) leaving.set(r.organizationId, (leaving.get(r.organizationId) ?? 0) + 1);
  return leaving;
}

/** Refuses the whole move when a source would keep fewer numbers than its accounts without one hold. */
async function requireSourceHeadroom(tx: Db, leaving: Map<string, number>): Promise<void> {
  const headroom = await getHeadroom(tx, [...leaving.keys()]);
  const shortfalls: string[] = [];
  for (const [organizationId, count] of leaving) {
    const h = headroom.get(organizationId)!;
    if (count <= h.headroom) continue;
    const [org] = await tx
      .select({ name: organizations.name, code: organizations.code })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    shortfalls.push(describeShortfall(org!, h, count));
  }
  if (shortfalls.length > 0) {
    throw new UserFacingError(
      `Unable to move numbers: an organization would not have enough numbers left for its accounts. ${shortfalls.join(' ')}`,
    );
  }
}

function describeShortfall(org: Pick<Organization, 'name' | 'code'>, h: Headroom, count: number): string {
  const spare = Math.max(h.headroom, 0);
  return (
    `${org.name} (${org.code}) has ${h.available} available ${h.available === 1 ? 'number' : 'numbers'} and ` +
    `${h.reserved} ${h.reserved === 1 ? 'account' : 'accounts'} without a number, so ${spare} can move: ` +
    `${count} selected, ${count - spare} too many.`
  );
}

async function recordNumberMove(
  tx: Db,
  admin: AdminScope,
  meta: RequestMeta,
  move: { destination: MoveNumbersResult['destination']; selection: Selection; leaving: Map<string, number> },
): Promise<void> {
  const { destination, selection } = move;
  await recordAuditEvent(tx, admin, meta, {
    action: 'number.move',
    targetType: 'phone_number',
    targetIds: selection.movable.map((r) => r.id),
    organizationId: destination.id,
    details: {
      count: selection.movable.length,
      to: destination.id,
      from: Object.fromEntries(move.leaving),
      numbers: selection.movable.map((r) => r.e164),
      skipped: { assigned: selection.assigned, alreadyThere: selection.alreadyThere },
    },
  });
}

/** The result in the administrator's words: "3 numbers moved to Sales (2001). 1 skipped: assigned." */
export function describeMove(result: MoveNumbersResult): string {
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const parts = [
    `${plural(result.moved, 'number', 'numbers')} moved to ${result.destination.name} (${result.destination.code}).`,
  ];
  if (result.assigned > 0)
    parts.push(`${plural(result.assigned, 'number was', 'numbers were')} not moved: assigned to an account.`);
  if (result.alreadyThere > 0)
    parts.push(`${plural(result.alreadyThere, 'number was', 'numbers were')} already there.`);
  if (result.notFound > 0) parts.push(`${plural(result.notFound, 'number was', 'numbers were')} not found.`);
  return parts.join(' ');
}
