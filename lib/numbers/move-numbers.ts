import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import { getHeadroom } from '@/lib/numbers/headroom';

export interface MoveNumbersResult {
  moved: number;
  destination: { id: string; name: string; code: string };
  /** Skipped: assigned to an account (when selected, or meanwhile). */
  assigned: number;
  /** Skipped: already in the destination. */
  alreadyThere: number;
  /** Not in scope, deleted, or moved by someone else meanwhile. */
  notFound: number;
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
    const [destination] = await queryRows<{ id: string; name: string; code: string }>(
      tx,
      sql`select id, name, code from organizations where id = ${destinationId} and ${inScope(admin, sql`id`)}`,
    );
    if (!destination) {
      throw invalid({ organizationId: ['Choose an organization.'] });
    }
    const selection = pgArray(ids);
    const sources = await queryRows<{ organization_id: string }>(
      tx,
      sql`select distinct organization_id from phone_numbers
          where id = any(${selection}::uuid[]) and ${inScope(admin, sql`organization_id`)}`,
    );
    const lockedIds = [...new Set([destination.id, ...sources.map((s) => s.organization_id)])].sort();
    // `for no key update`, not `for update`: it still queues behind (and blocks) every headroom check,
    // which locks `for update`, but not behind the key-share locks that inserting any row referencing
    // an organization takes (an invite's account and its audit event, which references the tenant's
    // root). With `for update`, a move up to the root deadlocked with an invite in the source.
    await tx.execute(
      sql`select id from organizations where id = any(${pgArray(lockedIds)}::uuid[]) order by id for no key update`,
    );
    const locked = new Set(lockedIds);
    const rows = await queryRows<{ id: string; e164: string; organization_id: string; account_id: string | null }>(
      tx,
      sql`select id, e164, organization_id, account_id from phone_numbers
          where id = any(${selection}::uuid[]) and ${inScope(admin, sql`organization_id`)}
          order by id for update`,
    );

    let assigned = 0;
    let alreadyThere = 0;
    let changed = 0;
    const movable: typeof rows = [];
    for (const r of rows) {
      if (!locked.has(r.organization_id)) changed++;
      else if (r.organization_id === destination.id) alreadyThere++;
      else if (r.account_id) assigned++;
      else movable.push(r);
    }

    const leaving = new Map<string, number>();
    for (const r of movable) leaving.set(r.organization_id, (leaving.get(r.organization_id) ?? 0) + 1);
    const headroom = await getHeadroom(tx, [...leaving.keys()]);
    const shortfalls: string[] = [];
    for (const [organizationId, count] of leaving) {
      const h = headroom.get(organizationId)!;
      if (count <= h.headroom) continue;
      const spare = Math.max(h.headroom, 0);
      const [org] = await queryRows<{ name: string; code: string }>(
        tx,
        sql`select name, code from organizations where id = ${organizationId}`,
      );
      shortfalls.push(
        `${org!.name} (${org!.code}) has ${h.available} available ${h.available === 1 ? 'number' : 'numbers'} and ` +
          `${h.reserved} ${h.reserved === 1 ? 'account' : 'accounts'} without a number, so ${spare} can move: ` +
          `${count} selected, ${count - spare} too many.`,
      );
    }
    if (shortfalls.length > 0) {
      throw new UserFacingError(
        `Unable to move numbers: an organization would not have enough numbers left for its accounts. ${shortfalls.join(' ')}`,
      );
    }

    if (movable.length > 0) {
      await tx.execute(
        sql`update phone_numbers set organization_id = ${destination.id}
            where id = any(${pgArray(movable.map((r) => r.id))}::uuid[])`,
      );
      await recordAuditEvent(tx, admin, meta, {
        action: 'number.move',
        targetType: 'phone_number',
        targetIds: movable.map((r) => r.id),
        organizationId: destination.id,
        details: {
          count: movable.length,
          to: destination.id,
          from: Object.fromEntries(leaving),
          numbers: movable.map((r) => r.e164),
          skipped: { assigned, alreadyThere },
        },
      });
    }
    return {
      moved: movable.length,
      destination,
      assigned,
      alreadyThere,
      notFound: ids.length - rows.length + changed,
    };
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
