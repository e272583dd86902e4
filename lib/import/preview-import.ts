import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { type ImportRow, importRows } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { classifiedRows, countRows, destination, IMPORT_PREFIX } from '@/lib/import/classify-import';
import type { SkippedRow } from '@/lib/import/validate-import-row';
import { findStagingImport, IMPORT_NOT_FOUND } from '@/lib/import/stage-import';
import { getHeadroom } from '@/lib/numbers/headroom';

/** How many skipped rows the preview lists on screen; all of them are in "Download skipped rows". */
export const PREVIEW_SKIPPED_LIMIT = 100;

export interface ImportPreview {
  totalRows: number;
  importable: number;
  skippedCount: number;
  skipped: SkippedRow[];
  headroom: { needed: number; available: number };
  /** Why Import and Invite cannot run, in the words the server would refuse it with; null when it can. */
  blockedReason: string | null;
}

/** A skipped row as stored, its `error` the reason it is skipped (never null here). */
type SkippedRowDb = Pick<ImportRow, 'lineNumber' | 'firstName' | 'lastName' | 'email' | 'deviceNumber' | 'error'>;

/** What Import and Invite would do with the staged rows, for the dialog's preview. Changes nothing. */
export async function previewImport(
  db: Db,
  admin: AdminScope,
  input: { importId: string; organizationId: string },
): Promise<ImportPreview> {
  const batch = await findStagingImport(db, admin, input.importId);
  if (!batch) throw new UserFacingError(IMPORT_NOT_FOUND);
  await destination(db, admin, batch, input.organizationId);

  const { skipped, skippedCount } = await firstSkippedRows(db, batch.id);
  const total = await countRows(db, batch.id);
  const importable = total - skippedCount;
  const available = (await getHeadroom(db, [input.organizationId])).get(input.organizationId)?.headroom ?? 0;

  let blockedReason: string | null = null;
  if (total === 0) blockedReason = 'There are no rows to import.';
  else if (importable === 0) blockedReason = 'Nothing to import: every row is skipped.';
  else if (importable > available) blockedReason = shortfallMessage(importable, available);

  return {
    totalRows: total,
    importable,
    skippedCount,
    skipped: skipped.map(toSkippedRow),
    headroom: { needed: importable, available: Math.max(available, 0) },
    blockedReason,
  };
}

/** One pass over the classification: the first skipped rows, and (before the limit) how many there are. */
async function firstSkippedRows(db: Db, importId: string): Promise<{ skipped: SkippedRowDb[]; skippedCount: number }> {
  const rows = await queryRows<SkippedRowDb & { skippedTotal: number }>(
    db,
    sql`select ${importRows.lineNumber} as "lineNumber", ${importRows.firstName} as "firstName",
               ${importRows.lastName} as "lastName", ${importRows.email} as "email",
               ${importRows.deviceNumber} as "deviceNumber", coalesce(${importRows.error}, c."reason") as "error",
               count(*) over ()::int as "skippedTotal"
        from ${importRows} left join (${classifiedRows(importId)}) c on c."lineNumber" = ${importRows.lineNumber}
        where ${importRows.importId} = ${importId} and (${importRows.error} is not null or c."reason" is not null)
        order by ${importRows.lineNumber} limit ${PREVIEW_SKIPPED_LIMIT}`,
  );
  return { skipped: rows, skippedCount: Number(rows[0]?.skippedTotal ?? 0) };
}

function shortfallMessage(needed: number, available: number): string {
  const have = Math.max(available, 0);
  return `${IMPORT_PREFIX} You do not have enough numbers available in the selected organization (${needed} needed, ${have} available: ${needed - have} short).`;
}

function toSkippedRow(r: SkippedRowDb): SkippedRow {
  return {
    line: Number(r.lineNumber),
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email ?? '',
    deviceNumber: r.deviceNumber ?? '',
    reason: r.error ?? '',
  };
}

/** The skipped rows of a committed import of this administrator, for "Download skipped rows"; null if none such. */
export async function skippedRowsOfImport(db: Db, admin: AdminScope, importId: string): Promise<SkippedRow[] | null> {
  const batch = await findStagingImport(db, admin, importId, { status: 'committed' });
  if (!batch) return null;
  const rows = await db
    .select({
      lineNumber: importRows.lineNumber,
      firstName: importRows.firstName,
      lastName: importRows.lastName,
      email: importRows.email,
      deviceNumber: importRows.deviceNumber,
      error: importRows.error,
    })
    .from(importRows)
    .where(and(eq(importRows.importId, batch.id), isNotNull(importRows.error)))
    .orderBy(asc(importRows.lineNumber));
  return rows.map(toSkippedRow);
}
