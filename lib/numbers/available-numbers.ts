import { and, asc, count, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations, type PhoneNumber, phoneNumbers, reservedTags } from '@/db/schema';
import { notReserved } from '@/lib/numbers/headroom';

/**
 * Whether reserved numbers (numbers with one of the tenant's reserved tags, docs/product.md#headroom)
 * are among the choices: `include` where an administrator picks (Add Account, Assign Number), each
 * marked reserved; `exclude` at activation, where they are neither offered nor taken.
 */
export type ReservedNumbers = 'include' | 'exclude';

export interface TagCount {
  tag: string;
  available: number;
  /** Only ever true with `reserved: 'include'`. */
  reserved: boolean;
}

export interface AvailableNumber extends Pick<PhoneNumber, 'e164' | 'tag'> {
  reserved: boolean;
}

/** The reserved tags of the organization's tenant, to mark the choices an administrator sees. */
async function reservedTagsOf(db: Db, organizationId: string): Promise<Set<string>> {
  const rows = await db
    .select({ tag: reservedTags.tag })
    .from(reservedTags)
    .innerJoin(organizations, eq(organizations.tenantId, reservedTags.tenantId))
    .where(eq(organizations.id, organizationId));
  return new Set(rows.map((r) => r.tag));
}

/** The condition on the numbers for `reserved`: nothing, or not reserved. */
const reservedCondition = (reserved: ReservedNumbers) => (reserved === 'exclude' ? notReserved() : undefined);

/** The organization's tags with how many numbers of each are available, e.g. PORTED (3 available). */
export async function availableTags(
  db: Db,
  organizationId: string,
  options: { reserved: ReservedNumbers },
): Promise<TagCount[]> {
  const [rows, reserved] = await Promise.all([
    db
      .select({ tag: phoneNumbers.tag, available: count() })
      .from(phoneNumbers)
      .where(
        and(
          eq(phoneNumbers.organizationId, organizationId),
          isNull(phoneNumbers.accountId),
          isNotNull(phoneNumbers.tag),
          reservedCondition(options.reserved),
        ),
      )
      .groupBy(phoneNumbers.tag)
      .orderBy(asc(phoneNumbers.tag)),
    reservedTagsOf(db, organizationId),
  ]);
  return rows.flatMap(({ tag, available }) => (tag === null ? [] : [{ tag, available, reserved: reserved.has(tag) }]));
}

/** Available numbers of the organization, searched by digits, lowest first. */
export async function availableNumbers(
  db: Db,
  organizationId: string,
  options: { search?: string; limit?: number; reserved: ReservedNumbers },
): Promise<AvailableNumber[]> {
  const digits = (options.search ?? '').replace(/\D/g, '');
  const [rows, reserved] = await Promise.all([
    db
      .select({ e164: phoneNumbers.e164, tag: phoneNumbers.tag })
      .from(phoneNumbers)
      .where(
        and(
          eq(phoneNumbers.organizationId, organizationId),
          isNull(phoneNumbers.accountId),
          reservedCondition(options.reserved),
          digits ? sql`${phoneNumbers.e164} like ${`%${digits}%`}` : undefined,
        ),
      )
      .orderBy(asc(phoneNumbers.e164))
      .limit(options.limit ?? 50),
    reservedTagsOf(db, organizationId),
  ]);
  return rows.map((r) => ({ ...r, reserved: r.tag !== null && reserved.has(r.tag) }));
}

export type NumberChoice = { e164: string } | { tag: string };

/**
 * Assigns a number of the organization to the account, at commit time: a tag takes the lowest
 * available number with that tag (SKIP LOCKED, so two concurrent invites take two numbers), an E.164
 * takes exactly that one if it is still free. With `reserved: 'exclude'` (activation) a reserved
 * number is never taken, whatever the request names. Returns the number, or null when none is left.
 */
export async function takeNumber(
  tx: Db,
  organizationId: string,
  accountId: string,
  choice: NumberChoice,
  options: { reserved: ReservedNumbers },
): Promise<string | null> {
  const free = and(
    eq(phoneNumbers.organizationId, organizationId),
    isNull(phoneNumbers.accountId),
    reservedCondition(options.reserved),
  );
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
