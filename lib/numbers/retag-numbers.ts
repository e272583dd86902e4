import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
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
    const rows = await queryRows<{ id: string; e164: string; previous: string | null }>(
      tx,
      sql`update phone_numbers n set tag = ${tag}::text
          from (select id, tag from phone_numbers
                where id = any(${pgArray(ids)}::uuid[]) and ${inScope(admin, sql`organization_id`)}
                order by id for update) old
          where n.id = old.id
          returning n.id, n.e164, old.tag as previous`,
    );
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
