import { and, asc, count, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { escapeLike } from '@/db/sql-helpers';
import { accounts, organizations, phoneNumbers, reservedTags } from '@/db/schema';
import { type AdminScope, inScope, inSubtreeOf } from '@/lib/auth/scope';
import { NO_TAG, type NumbersQuery } from '@/lib/numbers/numbers-query';

export interface NumberRow {
  id: string;
  e164: string;
  tag: string | null;
  organizationId: string;
  organizationName: string;
  organizationCode: string;
  /** The account it is assigned to; null when available. */
  accountName: string | null;
  /** Its tag is one of the tenant's reserved tags (docs/product.md#headroom). */
  reserved: boolean;
}

export interface NumbersPage {
  rows: NumberRow[];
  total: number;
  page: number;
  pageCount: number;
  size: number;
}

/**
 * The inventory's conditions: scope first, then organization (its subtree), tag, status, and the
 * search: digits match the number anywhere (trigram index), other text the assigned account's name.
 */
export function numberFilters(admin: AdminScope, query: Pick<NumbersQuery, 'q' | 'org' | 'status' | 'tag'>): SQL {
  const conditions: SQL[] = [inScope(admin, phoneNumbers.organizationId)];
  if (query.org) conditions.push(inSubtreeOf(admin, query.org, phoneNumbers.organizationId));
  if (query.tag === NO_TAG) conditions.push(isNull(phoneNumbers.tag));
  else if (query.tag) conditions.push(eq(phoneNumbers.tag, query.tag));
  if (query.status === 'available') conditions.push(isNull(phoneNumbers.accountId));
  if (query.status === 'assigned') conditions.push(isNotNull(phoneNumbers.accountId));
  if (query.q) {
    const digits = query.q.replace(/\D/g, '');
    conditions.push(
      digits
        ? sql`${phoneNumbers.e164} like ${`%${digits}%`}`
        : sql`${phoneNumbers.accountId} in (select ${accounts.id} from ${accounts} where ${accounts.searchText} like ${`%${escapeLike(query.q.toLowerCase())}%`})`,
    );
  }
  return and(...conditions)!;
}

/** One page of the Numbers inventory, in scope, filtered, lowest number first. */
export async function getNumbersPage(db: Db, admin: AdminScope, query: NumbersQuery): Promise<NumbersPage> {
  const where = numberFilters(admin, query);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: phoneNumbers.id,
        e164: phoneNumbers.e164,
        tag: phoneNumbers.tag,
        organizationId: phoneNumbers.organizationId,
        organizationName: organizations.name,
        organizationCode: organizations.code,
        firstName: accounts.firstName,
        lastName: accounts.lastName,
        // A field of a joined select, so its columns are written qualified (a single-table select would not).
        reserved: sql<boolean>`exists (select 1 from ${reservedTags}
          where ${reservedTags.tenantId} = ${organizations.tenantId} and ${reservedTags.tag} = ${phoneNumbers.tag})`,
      })
      .from(phoneNumbers)
      .innerJoin(organizations, eq(organizations.id, phoneNumbers.organizationId))
      .leftJoin(accounts, eq(accounts.id, phoneNumbers.accountId))
      .where(where)
      .orderBy(asc(phoneNumbers.e164))
      .limit(query.size)
      .offset((query.page - 1) * query.size),
    db.select({ n: count() }).from(phoneNumbers).where(where),
  ]);
  const n = total?.n ?? 0;
  return {
    rows: rows.map((r) => ({
      id: r.id,
      e164: r.e164,
      tag: r.tag,
      organizationId: r.organizationId,
      organizationName: r.organizationName,
      organizationCode: r.organizationCode,
      accountName: r.firstName === null ? null : `${r.firstName} ${r.lastName}`,
      reserved: r.reserved,
    })),
    total: n,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(n / query.size)),
    size: query.size,
  };
}
