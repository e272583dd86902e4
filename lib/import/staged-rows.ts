import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { importRows } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import type { StagedRowInput } from '@/lib/import/import-schema';
import { validateImportRow } from '@/lib/import/validate-import-row';

/*
 * The rows of one staged chunk (lib/import/stage-import.ts): validated into one array per column of
 * import_rows, counted for the existence-check limit, and stored in one statement.
 */

/** A chunk's rows as one array per column of import_rows, for one unnest insert. */
export interface StagedColumns {
  lines: string[];
  firstNames: string[];
  lastNames: string[];
  emails: (string | null)[];
  devices: (string | null)[];
  errors: (string | null)[];
}

/** Each row validated: a valid one normalized, an invalid one as sent, with its reason. */
export function validateChunk(rows: StagedRowInput[], country: string): StagedColumns {
  const columns: StagedColumns = { lines: [], firstNames: [], lastNames: [], emails: [], devices: [], errors: [] };
  for (const raw of rows) {
    const row = {
      line: raw.line,
      firstName: raw.firstName ?? '',
      lastName: raw.lastName ?? '',
      email: raw.email ?? '',
      deviceNumber: raw.deviceNumber ?? '',
    };
    const result = validateImportRow(row, country);
    columns.lines.push(String(row.line));
    if (result.ok) {
      columns.firstNames.push(result.row.firstName);
      columns.lastNames.push(result.row.lastName);
      columns.emails.push(result.row.email);
      columns.devices.push(result.row.deviceNumber);
      columns.errors.push(null);
    } else {
      columns.firstNames.push(row.firstName);
      columns.lastNames.push(row.lastName);
      columns.emails.push(row.email || null);
      columns.devices.push(row.deviceNumber || null);
      columns.errors.push(result.reason);
    }
  }
  return columns;
}

/** The existence checks this chunk will have made: the values of its valid rows not staged already (a retry). */
export async function newExistenceChecks(db: Db, importId: string, columns: StagedColumns): Promise<number> {
  const staged = await db
    .select({ lineNumber: importRows.lineNumber })
    .from(importRows)
    .where(
      and(eq(importRows.importId, importId), sql`${importRows.lineNumber} = any(${pgArray(columns.lines)}::int[])`),
    );
  const counted = new Set(staged.map((r) => String(r.lineNumber)));
  let checks = 0;
  columns.lines.forEach((line, i) => {
    if (columns.errors[i] !== null || counted.has(line)) return;
    counted.add(line);
    checks += (columns.emails[i] ? 1 : 0) + (columns.devices[i] ? 1 : 0);
  });
  return checks;
}

/** Rows the import has staged, and how many of these lines it has not. */
export async function stagedAndFresh(
  tx: Db,
  importId: string,
  lines: string[],
): Promise<{ count: number; fresh: number }> {
  const [row] = await queryRows<{ count: number; fresh: number }>(
    tx,
    sql`select (select count(*)::int from ${importRows} where ${importRows.importId} = ${importId}) as "count",
               (select count(distinct l."line")::int from unnest(${pgArray(lines)}::int[]) as l("line")
                where not exists (select 1 from ${importRows}
                  where ${importRows.importId} = ${importId} and ${importRows.lineNumber} = l."line")) as "fresh"`,
  );
  return { count: Number(row?.count ?? 0), fresh: Number(row?.fresh ?? 0) };
}

const stagedColumnNames = sql.join(
  [
    importRows.importId,
    importRows.lineNumber,
    importRows.firstName,
    importRows.lastName,
    importRows.email,
    importRows.deviceNumber,
    importRows.error,
  ].map((column) => sql.identifier(column.name)),
  sql`, `,
);

/** One array parameter per column (unnest); a line already staged (a retried chunk) is kept as it was. */
export async function insertRows(tx: Db, importId: string, c: StagedColumns): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`with ins as (
          insert into ${importRows} (${stagedColumnNames})
          select ${importId}, * from unnest(
            ${pgArray(c.lines)}::int[], ${pgArray(c.firstNames)}::text[], ${pgArray(c.lastNames)}::text[],
            ${pgArray(c.emails)}::text[], ${pgArray(c.devices)}::text[], ${pgArray(c.errors)}::text[])
          on conflict do nothing
          returning 1)
        select count(*)::int as "n" from ins`,
  );
  return Number(row?.n ?? 0);
}
