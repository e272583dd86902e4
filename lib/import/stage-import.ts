import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import type { AdminScope } from '@/lib/auth/scope';
import { inScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { IMPORT_MAX_ROWS, validateImportRow } from '@/lib/import/parse-import';
import type { StagedRowInput } from '@/lib/import/import-schema';

/** An import in progress (status 'staging') that belongs to this administrator, with its tenant's settings. */
export interface StagingImport {
  id: string;
  organizationId: string;
  tenantId: string;
  country: string;
  fileName: string;
}

export const IMPORT_NOT_FOUND = 'This import was not found, or has already been imported. Choose the file again.';

/** Staged imports that were never committed are dropped after this long, with their rows. */
const ABANDONED_AFTER = '1 day';
/** A committed import keeps its skipped rows (for "Download skipped rows") this long. */
const SKIPPED_ROWS_KEPT = '7 days';

/**
 * Starts a staged import (docs/product.md#add-account-multiple): the browser parses the file, then sends its
 * rows in chunks (stageImportRows), each well under the request-body limits; the commit later creates
 * everything in one transaction. Also sweeps imports abandoned long ago. Returns null when the organization
 * is not in scope.
 */
export async function startImport(
  db: Db,
  admin: AdminScope,
  input: { organizationId: string; fileName: string; totalRows: number },
): Promise<{ importId: string } | null> {
  await sweepOldImports(db);
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into import_batches (organization_id, permission_group_id, administrator_id, file_name, row_count)
        select o.id, g.id, ${admin.id}, ${input.fileName}, ${input.totalRows}
        from organizations o
        join permission_groups g on g.organization_id = o.id and g.is_default
        where o.id = ${input.organizationId} and ${inScope(admin, sql`o.id`)}
        returning id`,
  );
  return row ? { importId: row.id } : null;
}

async function sweepOldImports(db: Db) {
  await db.execute(sql`delete from import_batches
    where status <> 'committed' and created_at < now() - ${ABANDONED_AFTER}::interval`);
  // A committed import's valid rows are accounts now; its skipped rows stay a while for the download.
  await db.execute(sql`delete from import_rows r using import_batches b
    where b.id = r.import_id and b.status = 'committed'
      and (r.error is null or b.committed_at < now() - ${SKIPPED_ROWS_KEPT}::interval)`);
}

/** The administrator's own import in progress (optionally locked for the commit), or null. */
export async function findStagingImport(
  db: Db,
  admin: AdminScope,
  importId: string,
  options: { lock?: boolean; status?: 'staging' | 'committed' } = {},
): Promise<StagingImport | null> {
  const [row] = await queryRows<StagingImport>(
    db,
    sql`select b.id, b.organization_id as "organizationId", o.tenant_id as "tenantId",
               root.default_country as country, b.file_name as "fileName"
        from import_batches b
        join organizations o on o.id = b.organization_id
        join organizations root on root.id = o.tenant_id
        where b.id = ${importId} and b.administrator_id = ${admin.id}
          and b.status = ${options.status ?? 'staging'} and ${inScope(admin, sql`b.organization_id`)}
        ${options.lock ? sql`for update of b` : sql``}`,
  );
  return row ?? null;
}

/**
 * Stages one chunk of rows. Every row is validated again here with the parser's own rules (the
 * browser is not trusted): a valid row is stored normalized, an invalid one with its reason. A chunk
 * sent twice (a retry) stores its rows once. Duplicates within the file and accounts that already
 * exist are decided over the whole file, at preview and again at commit.
 */
export async function stageImportRows(
  db: Db,
  admin: AdminScope,
  input: { importId: string; rows: StagedRowInput[] },
): Promise<{ staged: number }> {
  const batch = await findStagingImport(db, admin, input.importId);
  if (!batch) throw new UserFacingError(IMPORT_NOT_FOUND);

  const lines: string[] = [];
  const firstNames: string[] = [];
  const lastNames: string[] = [];
  const emails: (string | null)[] = [];
  const devices: (string | null)[] = [];
  const errors: (string | null)[] = [];
  for (const raw of input.rows) {
    const row = {
      line: raw.line,
      firstName: raw.firstName ?? '',
      lastName: raw.lastName ?? '',
      email: raw.email ?? '',
      deviceNumber: raw.deviceNumber ?? '',
    };
    const result = validateImportRow(row, batch.country);
    lines.push(String(row.line));
    if (result.ok) {
      firstNames.push(result.row.firstName);
      lastNames.push(result.row.lastName);
      emails.push(result.row.email);
      devices.push(result.row.deviceNumber);
      errors.push(null);
    } else {
      firstNames.push(row.firstName);
      lastNames.push(row.lastName);
      emails.push(row.email || null);
      devices.push(row.deviceNumber || null);
      errors.push(result.reason);
    }
  }

  return db.transaction(async (tx) => {
    // The batch row is locked so that concurrent chunks count the limit one after the other.
    await tx.execute(sql`select id from import_batches where id = ${batch.id} for update`);
    const [{ count } = { count: 0 }] = await queryRows<{ count: number }>(
      tx,
      sql`select count(*)::int as count from import_rows where import_id = ${batch.id}`,
    );
    if (Number(count) + lines.length > IMPORT_MAX_ROWS) {
      throw new UserFacingError(`An import takes at most ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows.`);
    }
    const inserted = await queryRows<{ n: number }>(
      tx,
      sql`with ins as (
            insert into import_rows (import_id, line_number, first_name, last_name, email, device_number, error)
            select ${batch.id}, * from unnest(
              ${pgArray(lines)}::int[], ${pgArray(firstNames)}::text[], ${pgArray(lastNames)}::text[],
              ${pgArray(emails)}::text[], ${pgArray(devices)}::text[], ${pgArray(errors)}::text[])
            on conflict do nothing
            returning 1)
          select count(*)::int as n from ins`,
    );
    return { staged: Number(inserted[0]?.n ?? 0) };
  });
}
