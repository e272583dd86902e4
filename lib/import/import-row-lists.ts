import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { importRows } from '@/db/schema';
import { classifiedRows } from '@/lib/import/classify-import';

/*
 * The staged rows of an import as two lists, valid and skipped (with the reason), read from the
 * database: the first of each for the preview, and all of each page by page for "Download valid
 * rows" and "Download skipped rows". Nothing here runs on the commit path.
 */

export type RowKind = 'valid' | 'skipped';

/** A staged row with the reason it is skipped (null for a valid row). */
export interface ListedRow {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  deviceNumber: string;
  reason: string | null;
}

interface ListedRowDb {
  lineNumber: number | string;
  firstName: string;
  lastName: string;
  email: string | null;
  deviceNumber: string | null;
  reason: string | null;
}

/**
 * The import's rows with their reason: before the commit, the staging reason or else the one decided
 * over the whole file (duplicate, already exists); after it, the reason the commit stored (it
 * classified every row then, and a classification now would find the accounts it created).
 */
function rowsWithReason(importId: string, committed: boolean): SQL {
  const reason = committed ? sql`${importRows.error}` : sql`coalesce(${importRows.error}, c."reason")`;
  const classified = committed
    ? sql``
    : sql`left join (${classifiedRows(importId)}) c on c."lineNumber" = ${importRows.lineNumber}`;
  return sql`select ${importRows.lineNumber} as "lineNumber", ${importRows.firstName} as "firstName",
                    ${importRows.lastName} as "lastName", ${importRows.email} as "email",
                    ${importRows.deviceNumber} as "deviceNumber", ${reason} as "reason"
             from ${importRows} ${classified}
             where ${importRows.importId} = ${importId}`;
}

function toListedRow(r: ListedRowDb): ListedRow {
  return {
    line: Number(r.lineNumber),
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email ?? '',
    deviceNumber: r.deviceNumber ?? '',
    reason: r.reason,
  };
}

/**
 * One pass over the classification: the first `limit` valid rows and the first `limit` skipped rows,
 * in line order, and how many of each there are.
 */
export async function firstRowsOfEach(
  db: Db,
  importId: string,
  limit: number,
): Promise<{ valid: ListedRow[]; skipped: ListedRow[]; validCount: number; skippedCount: number }> {
  const rows = await queryRows<ListedRowDb & { skipped: boolean; kindTotal: number }>(
    db,
    sql`select * from (
          select k.*, k."reason" is not null as "skipped",
                 row_number() over (partition by k."reason" is not null order by k."lineNumber") as "rank",
                 count(*) over (partition by k."reason" is not null)::int as "kindTotal"
          from (${rowsWithReason(importId, false)}) k
        ) n
        where n."rank" <= ${limit}
        order by n."lineNumber"`,
  );
  const valid = rows.filter((r) => !r.skipped);
  const skipped = rows.filter((r) => r.skipped);
  return {
    valid: valid.map(toListedRow),
    skipped: skipped.map(toListedRow),
    validCount: Number(valid[0]?.kindTotal ?? 0),
    skippedCount: Number(skipped[0]?.kindTotal ?? 0),
  };
}

/** The next page of one kind of rows, after line `afterLine` (0 for the first page), in line order. */
export async function rowPage(
  db: Db,
  batch: { id: string; committed: boolean },
  kind: RowKind,
  afterLine: number,
  limit: number,
): Promise<ListedRow[]> {
  const ofKind = kind === 'valid' ? sql`k."reason" is null` : sql`k."reason" is not null`;
  const rows = await queryRows<ListedRowDb>(
    db,
    sql`select * from (${rowsWithReason(batch.id, batch.committed)}) k
        where ${ofKind} and k."lineNumber" > ${afterLine}
        order by k."lineNumber" limit ${limit}`,
  );
  return rows.map(toListedRow);
}
