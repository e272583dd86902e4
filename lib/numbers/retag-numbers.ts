import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { phoneNumbers } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';

export interface RetagResult {
  retagged: number;
  /** Selected numbers not found in scope (deleted, or never visible to this administrator). */
  notFound: number;
}

/**
 * Sets (or, with null, clears) the tag of the selected numbers in scope, assigned or not: a tag
 * describes the number, and an assigned number keeps it when it returns to the pool. Numbers outside
 * the scope are not found. One statement and its audit event in one transaction.
 */
export async function retagNumbers(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  ids: string[],
  tag: string | null,
): Promise<RetagResult> {
  return db.transaction(async (tx) => {
    const old = tx.$with('old').as(
      tx
        .select({ id: phoneNumbers.id, previous: phoneNumbers.tag })
        .from(phoneNumbers)
        .where(and(sql`${phoneNumbers.id} = any(${pgArray(ids)}::uuid[])`, inScope(admin, phoneNumbers.organizationId)))
        .orderBy(asc(phoneNumbers.id))
        .for('update'),
    );
    const rows = await tx
      .with(old)
      .update(phoneNumbers)
      .set({ tag })
      .from(old)
      .where(eq(phoneNumbers.id, old.id))
      .returning({ id: phoneNumbers.id, e164: phoneNumbers.e164, previous: old.previous });
    if (rows.length > 0) {
      await recordAuditEvent(tx, admin, meta, {
        action: 'number.retag',
        targetType: 'phone_number',
        targetIds: rows.map((r) => r.id),
        details: {
          tag,
          count: rows.length,
          numbers: rows.map((r) => r.e164),
          previousTags: [...new Set(rows.map((r) => r.previous))],
        },
      });
    }
    return { retagged: rows.length, notFound: ids.length - rows.length };
  });
}
