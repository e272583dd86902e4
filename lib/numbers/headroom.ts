import { eq, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { accounts, type Organization, organizations, phoneNumbers, reservedTags } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { UserFacingError } from '@/lib/errors';

/**
 * The product's wording (docs/product.md#headroom), for every operation needing numbers an organization
 * lacks.
 */
export const NOT_ENOUGH_NUMBERS = 'You do not have enough numbers available in the selected organization';

export interface Headroom {
  available: number;
  /** Accounts Not invited, Pending or Expired and without a number: each will take one at activation. */
  reserved: number;
  headroom: number;
}

/**
 * The account (the `accounts` row of the enclosing query) holds one unit of its organization's
 * headroom: it is not Active and has no number, so it will take one of the organization's numbers at
 * activation (docs/product.md#headroom). Its columns are written qualified, so it goes in a WHERE
 * clause or a raw query, not in a field of a single-table builder select (which unqualifies them).
 */
export function holdsHeadroomUnit(): SQL {
  return sql`(${accounts.status} in ('not_invited', 'invited') and not exists (select 1 from ${phoneNumbers} where ${phoneNumbers.accountId} = ${accounts.id}))`;
}

/**
 * The number (the `phone_numbers` row of the enclosing query) is not reserved: it has no tag, or its
 * tag is not one of its tenant's reserved tags. Reserved numbers count in no headroom and are never
 * offered at activation nor taken for an unnumbered account (docs/product.md#headroom). Qualified
 * columns, as for holdsHeadroomUnit.
 */
export function notReserved(): SQL {
  return sql`(${phoneNumbers.tag} is null or not exists (select 1 from ${reservedTags}
    where ${reservedTags.tag} = ${phoneNumbers.tag}
      and ${reservedTags.tenantId} = (select ${organizations.tenantId} from ${organizations} where ${organizations.id} = ${phoneNumbers.organizationId})))`;
}

/**
 * headroom(org) = available numbers of org (unassigned and not reserved) − accounts of org that are
 * Not invited, Pending or Expired and have no number (docs/product.md#headroom). The one implementation, used by Add Account, the import, Move and
 * activation.
 */
export async function getHeadroom(db: Db, organizationIds: string[]): Promise<Map<string, Headroom>> {
  const result = new Map<string, Headroom>();
  if (organizationIds.length === 0) return result;
  // Raw, not a builder select: a single-table select writes its fields' columns unqualified, which
  // would tie the subqueries' columns to their own tables instead of to the organization.
  const rows = await queryRows<Pick<Organization, 'id'> & { available: number; reserved: number }>(
    db,
    sql`select ${organizations.id} as "id",
          (select count(*)::int from ${phoneNumbers}
            where ${phoneNumbers.organizationId} = ${organizations.id} and ${phoneNumbers.accountId} is null
              and ${notReserved()}) as "available",
          (select count(*)::int from ${accounts}
            where ${accounts.organizationId} = ${organizations.id} and ${holdsHeadroomUnit()}) as "reserved"
        from ${organizations} where ${organizations.id} = any(${pgArray(organizationIds)}::uuid[])`,
  );
  for (const { id, available, reserved } of rows)
    result.set(id, { available, reserved, headroom: available - reserved });
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
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('no key update');
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
