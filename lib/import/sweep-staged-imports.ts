import { and, inArray, ne, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { importBatches, importRows } from '@/db/schema';

/** Staged imports that were never committed are dropped after this long, with their rows. */
export const STAGED_IMPORT_EXPIRY = '1 day';
/** A committed import keeps its skipped rows (for "Download skipped rows") this long. */
export const SKIPPED_ROWS_KEPT = '7 days';

/** Imports deleted per statement: each takes up to 50,000 staged rows with it (on delete cascade). */
const IMPORTS_PER_STATEMENT = 10;
/** Rows of committed imports deleted per statement. */
const ROWS_PER_STATEMENT = 10_000;

/**
 * The staged imports' sweep, for the drainer's schedule (and run when an administrator starts an
 * import): deletes every import never committed (staging, or abandoned) that was started more than
 * STAGED_IMPORT_EXPIRY before `now` (the database's clock by default), with its rows; and trims
 * committed imports, whose valid rows are accounts now and whose skipped rows are kept
 * SKIPPED_ROWS_KEPT after the commit. Set-based, a bounded batch per statement, each its own
 * transaction; an import being committed right now is skipped, not waited for. Answers how many
 * imports it deleted.
 */
export async function sweepStagedImports(db: Db, now?: Date): Promise<number> {
  const at = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
  let deleted = 0;
  for (;;) {
    const expired = db
      .select({ id: importBatches.id })
      .from(importBatches)
      .where(
        and(
          ne(importBatches.status, 'committed'),
          sql`${importBatches.createdAt} < ${at} - ${STAGED_IMPORT_EXPIRY}::interval`,
        ),
      )
      .limit(IMPORTS_PER_STATEMENT)
      .for('update', { skipLocked: true });
    const gone = await db
      .delete(importBatches)
      .where(inArray(importBatches.id, expired))
      .returning({ id: importBatches.id });
    deleted += gone.length;
    if (gone.length < IMPORTS_PER_STATEMENT) break;
  }
  for (;;) {
    const [trimmed] = await queryRows<{ n: number }>(
      db,
      sql`with gone as (
            delete from ${importRows} where (${importRows.importId}, ${importRows.lineNumber}) in (
              select ${importRows.importId}, ${importRows.lineNumber}
              from ${importBatches} join ${importRows} on ${importRows.importId} = ${importBatches.id}
              where ${importBatches.status} = 'committed'
                and (${importRows.error} is null or ${importBatches.committedAt} < ${at} - ${SKIPPED_ROWS_KEPT}::interval)
              limit ${ROWS_PER_STATEMENT})
            returning 1)
          select count(*)::int as "n" from gone`,
    );
    if (Number(trimmed?.n ?? 0) < ROWS_PER_STATEMENT) break;
  }
  return deleted;
}
