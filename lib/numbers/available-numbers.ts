import { and, asc, count, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type PhoneNumber, phoneNumbers } from '@/db/schema';

export interface TagCount {
  tag: string;
  available: number;
}

/** The organization's tags with how many numbers of each are available, e.g. PORTED (3 available). */
export async function availableTags(db: Db, organizationId: string): Promise<TagCount[]> {
  const rows = await db
    .select({ tag: phoneNumbers.tag, available: count() })
    .from(phoneNumbers)
    .where(
      and(eq(phoneNumbers.organizationId, organizationId), isNull(phoneNumbers.accountId), isNotNull(phoneNumbers.tag)),
    )
    .groupBy(phoneNumbers.tag)
    .orderBy(asc(phoneNumbers.tag));
  return rows.flatMap(({ tag, available }) => (tag === null ? [] : [{ tag, available }]));
}

/** Available numbers of the organization, searched by digits, lowest first. */
export async function availableNumbers(
  db: Db,
  organizationId: string,
  options: { search?: string; limit?: number } = {},
): Promise<Pick<PhoneNumber, 'e164' | 'tag'>[]> {
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
  const free = and(eq(phoneNumbers.organizationId, organizationId), isNull(phoneNumbers.accountId));
  const [row] = await tx
    .update(phoneNumbers)
    .set({ accountId, assignedAt: sql`now()` })
    .where(
      'tag' in choice
        ? eq(phoneNumbers.id, lowestFreeWithTag(tx, free, choice.tag))
        : and(free, eq(phoneNumbers.e164, choice.e164)),
    )
    .returning({ e164: phoneNumbers.e164 });
  return row?.e164 ?? null;
}

/** The id of the lowest free number with the tag that no other transaction holds. */
function lowestFreeWithTag(tx: Db, free: SQL | undefined, tag: string) {
  return tx
    .select({ id: phoneNumbers.id })
    .from(phoneNumbers)
    .where(and(free, eq(phoneNumbers.tag, tag)))
    .orderBy(asc(phoneNumbers.e164))
    .limit(1)
    .for('update', { skipLocked: true });
}
