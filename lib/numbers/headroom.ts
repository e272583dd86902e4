import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import { UserFacingError } from '@/lib/errors';

/**
 * The product's wording (docs/product.md#headroom), for every operation needing numbers an organization
 * lacks.
 */
export const NOT_ENOUGH_NUMBERS = 'You do not have enough numbers available in the selected organization';

export interface Headroom {
  available: number;
  /** Accounts not Active and without a number: each will take one number at activation. */
  reserved: number;
  headroom: number;
}

/**
 * The account (aliased `a` in the query) holds one unit of its organization's headroom: it is not
 * Active and has no number, so it will take one of the organization's numbers at activation
 * (docs/product.md#headroom).
 */
export function holdsHeadroomUnit(): SQL {
  return sql`(a.status <> 'active' and not exists (select 1 from phone_numbers n where n.account_id = a.id))`;
}

/**
 * headroom(org) = available numbers of org − accounts of org that are not Active and have no number
 * (docs/product.md#headroom). The one implementation, used by Add Account, the import, Move and
 * activation.
 */
export async function getHeadroom(db: Db, organizationIds: string[]): Promise<Map<string, Headroom>> {
  const result = new Map<string, Headroom>();
  if (organizationIds.length === 0) return result;
  const rows = await queryRows<{ id: string; available: number; reserved: number }>(
    db,
    sql`select o.id,
          (select count(*)::int from phone_numbers n where n.organization_id = o.id and n.account_id is null) as available,
          (select count(*)::int from accounts a where a.organization_id = o.id and ${holdsHeadroomUnit()}) as reserved
        from organizations o where o.id = any(${pgArray(organizationIds)}::uuid[])`,
  );
  for (const r of rows) {
    const available = Number(r.available);
    const reserved = Number(r.reserved);
    result.set(r.id, { available, reserved, headroom: available - reserved });
  }
  return result;
}

/**
 * Inside a transaction: locks the organization (so concurrent changes to its headroom queue up behind
 * this one; `for no key update`, which queues behind every other headroom lock but not behind the
 * key-share locks that inserting a row referencing the organization takes, e.g. an audit event on the
 * tenant root, so a number move up to the root cannot deadlock with an invite below it) and throws
 * the product's message unless `needed` more unnumbered accounts fit.
 */
export async function lockAndRequireHeadroom(
  tx: Db,
  organizationId: string,
  needed: number,
  action = 'Unable to add account(s).',
): Promise<Headroom> {
  await tx.execute(sql`select id from organizations where id = ${organizationId} for no key update`);
  const headroom = (await getHeadroom(tx, [organizationId])).get(organizationId);
  if (!headroom) throw new UserFacingError('The organization was not found.');
  if (needed > 0 && headroom.headroom < needed) {
    const short = needed - Math.max(headroom.headroom, 0);
    throw new UserFacingError(
      `${action} ${NOT_ENOUGH_NUMBERS}` +
        (needed > 1 ? ` (${needed} needed, ${Math.max(headroom.headroom, 0)} available: ${short} short).` : '.'),
    );
  }
  return headroom;
}
