import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import type { AdminScope } from '@/lib/auth/scope';
import { inScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { IMPORT_MAX_ROWS, validateImportRow } from '@/lib/import/parse-import';
import type { StagedRowInput } from '@/lib/import/import-schema';
import { STAGED_IMPORT_EXPIRY, sweepStagedImports } from '@/lib/import/sweep-staged-imports';
import { countExistenceChecks, refundExistenceChecks } from '@/lib/tenant-limits';

/** An import in progress (status 'staging') that belongs to this administrator, with its tenant's settings. */
export interface StagingImport {
  id: string;
  organizationId: string;
  tenantId: string;
  country: string;
  fileName: string;
}

export const IMPORT_NOT_FOUND = 'This import was not found, or has already been imported. Choose the file again.';

/** Imports in progress (staged, not committed) one administrator may have at once. */
export const MAX_OPEN_IMPORTS = 3;
/** Rows those imports may hold together. */
export const MAX_STAGED_ROWS = 100_000;

const fmt = (n: number) => n.toLocaleString('en-US');
const WHAT_TO_DO =
  'Finish one with Import and Invite, or discard one you no longer need, then try again. Imports left unfinished are discarded after a day.';
export const TOO_MANY_OPEN_IMPORTS = `You already have ${MAX_OPEN_IMPORTS} imports in progress, the most at once. ${WHAT_TO_DO}`;
export function tooManyStagedRows(held: number, adding: number): string {
  return `Your imports in progress would hold ${fmt(held + adding)} rows; at most ${fmt(MAX_STAGED_ROWS)} can wait to be imported at once. ${WHAT_TO_DO}`;
}

/** An import in progress, not expired: an expired one counts as gone even before the sweep deletes it. */
const LIVE = sql`b.status = 'staging' and b.created_at > now() - ${STAGED_IMPORT_EXPIRY}::interval`;

/**
 * Inside a transaction: queues behind every other start or staging of this administrator's imports,
 * so the caps below are counted one request after the other.
 */
async function lockImportsOf(tx: Db, administratorId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`imports:${administratorId}`}))`);
}

/**
 * The administrator's imports in progress (other than `except`): how many, and the rows they hold,
 * each counting the more of the rows it announced and the rows it has staged (an import reserves its
 * file's rows when it starts).
 */
async function openImports(
  tx: Db,
  administratorId: string,
  except: string | null = null,
): Promise<{ imports: number; rows: number }> {
  const [row] = await queryRows<{ imports: number; rows: number }>(
    tx,
    sql`select count(*)::int as imports,
          coalesce(sum(greatest(b.row_count, (select count(*) from import_rows r where r.import_id = b.id))), 0)::int as rows
        from import_batches b
        where b.administrator_id = ${administratorId} and ${LIVE}
          and b.id is distinct from ${except}::uuid`,
  );
  return { imports: Number(row?.imports ?? 0), rows: Number(row?.rows ?? 0) };
}

/**
 * Starts a staged import (docs/product.md#add-account-multiple): the browser parses the file, then sends its
 * rows in chunks (stageImportRows), each well under the request-body limits; the commit later creates
 * everything in one transaction. An administrator has at most MAX_OPEN_IMPORTS imports in progress, holding
 * at most MAX_STAGED_ROWS rows together (counted under a per-administrator lock); beyond that the start is
 * refused, saying what to do. Also sweeps expired imports (lib/import/sweep-staged-imports.ts). Returns null
 * when the organization is not in scope.
 */
export async function startImport(
  db: Db,
  admin: AdminScope,
  input: { organizationId: string; fileName: string; totalRows: number },
): Promise<{ importId: string } | null> {
  await sweepStagedImports(db);
  return db.transaction(async (tx) => {
    await lockImportsOf(tx, admin.id);
    const open = await openImports(tx, admin.id);
    if (open.imports >= MAX_OPEN_IMPORTS) throw new UserFacingError(TOO_MANY_OPEN_IMPORTS);
    if (open.rows + input.totalRows > MAX_STAGED_ROWS) {
      throw new UserFacingError(tooManyStagedRows(open.rows, input.totalRows));
    }
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into import_batches (organization_id, permission_group_id, administrator_id, file_name, row_count)
          select o.id, g.id, ${admin.id}, ${input.fileName}, ${input.totalRows}
          from organizations o
          join permission_groups g on g.organization_id = o.id and g.is_default
          where o.id = ${input.organizationId} and ${inScope(admin, sql`o.id`)}
          returning id`,
    );
    return row ? { importId: row.id } : null;
  });
}

/**
 * Discards one of the administrator's own imports in progress, with its staged rows (the dialog's way
 * to free a place: a new file, "Import another file", closing the dialog). False when there was none
 * such (already committed, discarded, or not theirs).
 */
export async function discardImport(db: Db, admin: AdminScope, importId: string): Promise<boolean> {
  const gone = await queryRows<{ id: string }>(
    db,
    sql`delete from import_batches
        where id = ${importId} and administrator_id = ${admin.id} and status = 'staging'
        returning id`,
  );
  return gone.length > 0;
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
          and ${options.status === 'committed' ? sql`b.status = 'committed'` : LIVE}
          and ${inScope(admin, sql`b.organization_id`)}
        ${options.lock ? sql`for update of b` : sql``}`,
  );
  return row ?? null;
}

/**
 * Stages one chunk of rows. Every row is validated again here with the parser's own rules (the
 * browser is not trusted): a valid row is stored normalized, an invalid one with its reason. A chunk
 * sent twice (a retry) stores its rows once. Duplicates within the file and accounts that already
 * exist are decided over the whole file, at preview and again at commit.
 *
 * The existence checks of the import are counted here, once per value (the email and device # of
 * each valid row newly staged), before any preview or commit answers whether they exist: the staged
 * values are the only ones those can check, so previewing again or committing counts nothing more.
 * A chunk refused (at the existence limit, or past the import's or the administrator's row caps)
 * stages nothing and counts nothing.
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

  // The values this chunk will have checked: those of its valid rows not staged already (a retry).
  const already = new Set(
    (
      await queryRows<{ line: number }>(
        db,
        sql`select line_number as line from import_rows
            where import_id = ${batch.id} and line_number = any(${pgArray(lines)}::int[])`,
      )
    ).map((r) => String(r.line)),
  );
  const counted = new Set<string>();
  let checks = 0;
  lines.forEach((line, i) => {
    if (errors[i] !== null || already.has(line) || counted.has(line)) return;
    counted.add(line);
    checks += (emails[i] ? 1 : 0) + (devices[i] ? 1 : 0);
  });
  await countExistenceChecks(db, admin.tenantId, checks);

  try {
    return await db.transaction(async (tx) => {
      // The administrator's imports, then this one, are locked so that concurrent chunks count the
      // caps one after the other.
      await lockImportsOf(tx, admin.id);
      const [locked] = await queryRows<{ row_count: number }>(
        tx,
        sql`select row_count from import_batches where id = ${batch.id} and status = 'staging' for update`,
      );
      if (!locked) throw new UserFacingError(IMPORT_NOT_FOUND);
      const [{ count, fresh } = { count: 0, fresh: 0 }] = await queryRows<{ count: number; fresh: number }>(
        tx,
        sql`select (select count(*)::int from import_rows where import_id = ${batch.id}) as count,
                   (select count(distinct l)::int from unnest(${pgArray(lines)}::int[]) l
                    where not exists (select 1 from import_rows r where r.import_id = ${batch.id} and r.line_number = l)) as fresh`,
      );
      const after = Number(count) + Number(fresh);
      if (after > IMPORT_MAX_ROWS) {
        throw new UserFacingError(`An import takes at most ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows.`);
      }
      const others = await openImports(tx, admin.id, batch.id);
      const mine = Math.max(Number(locked.row_count), Number(count));
      const grown = Math.max(Number(locked.row_count), after);
      if (others.rows + grown > MAX_STAGED_ROWS) {
        throw new UserFacingError(tooManyStagedRows(others.rows + mine, grown - mine));
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
  } catch (error) {
    // Nothing was staged, so none of these values will be checked.
    await refundExistenceChecks(db, admin.tenantId, checks);
    throw error;
  }
}
