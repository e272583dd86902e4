import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { phoneNumbers } from '@/db/schema';

export interface TagCount {
  tag: string;
  available: number;
}

/** The organization's tags with how many numbers of each are available, e.g. PORTED (3 available). */
export async function availableTags(db: Db, organizationId: string): Promise<TagCount[]> {
  const rows = await queryRows<{ tag: string; available: number }>(
    db,
    sql`select tag, count(*)::int as available from phone_numbers
        where organization_id = ${organizationId} and account_id is null and tag is not null
        group by tag order by tag`,
  );
  return rows.map((r) => ({ tag: r.tag, available: Number(r.available) }));
}

/** Available numbers of the organization, searched by digits, lowest first. */
export async function availableNumbers(
  db: Db,
  organizationId: string,
  options: { search?: string; limit?: number } = {},
): Promise<{ e164: string; tag: string | null }[]> {
  const digits = (options.search ?? '').replace(/\D/g, '');
  return db
    .select({ e164: phoneNumbers.e164, tag: phoneNumbers.tag })
    .from(phoneNumbers)
    .where(
      and(
        eq(phoneNumbers.organizationId, organizationId),
        isNull(phoneNumbers.accountId),
        digits ? sql`${phoneNumbers.e164} like ${`%${digits}%`}` : undefined,
      ),
    )
    .orderBy(asc(phoneNumbers.e164))
    .limit(options.limit ?? 50);
}

export type NumberChoice = { e164: string } | { tag: string };

/**
 * Assigns a number of the organization to the account, at commit time: a tag takes the lowest
 * available number with that tag (SKIP LOCKED, so two concurrent invites take two numbers), an E.164
 * takes exactly that one if it is still free. Returns the number, or null when none is left.
 */
export async function takeNumber(
  tx: Db,
  organizationId: string,
  accountId: string,
  choice: NumberChoice,
): Promise<string | null> {
  if ('tag' in choice) {
    const [row] = await queryRows<{ e164: string }>(
      tx,
      sql`update phone_numbers set account_id = ${accountId}, assigned_at = now()
          where id = (select id from phone_numbers
                      where organization_id = ${organizationId} and account_id is null and tag = ${choice.tag}
                      order by e164 limit 1 for update skip locked)
          returning e164`,
    );
    return row?.e164 ?? null;
  }
  const [row] = await queryRows<{ e164: string }>(
    tx,
    sql`update phone_numbers set account_id = ${accountId}, assigned_at = now()
        where organization_id = ${organizationId} and e164 = ${choice.e164} and account_id is null
        returning e164`,
  );
  return row?.e164 ?? null;
}
