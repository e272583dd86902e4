import { and, count, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import {
  type ImportBatch,
  importBatches,
  importRows,
  type Organization,
  organizations,
  permissionGroups,
} from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { IMPORT_MAX_ROWS } from '@/lib/import/parse-import';
import {
  insertRows,
  newExistenceChecks,
  type StagedColumns,
  stagedAndFresh,
  validateChunk,
} from '@/lib/import/staged-rows';
import type { StagedRowInput } from '@/lib/import/import-schema';
import { STAGED_IMPORT_EXPIRY, sweepStagedImports } from '@/lib/import/sweep-staged-imports';
import { countExistenceChecks, refundExistenceChecks } from '@/lib/tenant-limits';

/** An import in progress (status 'staging') that belongs to this administrator, with its tenant's settings. */
export type StagingImport = Pick<ImportBatch, 'id' | 'organizationId' | 'fileName'> &
  Pick<Organization, 'tenantId'> & { country: Organization['defaultCountry'] };

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
const LIVE = sql`${importBatches.status} = 'staging' and ${importBatches.createdAt} > now() - ${STAGED_IMPORT_EXPIRY}::interval`;

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
  const stagedRows = sql`(select count(*) from ${importRows} where ${importRows.importId} = ${importBatches.id})`;
  const [row] = await tx
    .select({
      imports: count(),
      rows: sql<number>`coalesce(sum(greatest(${importBatches.rowCount}, ${stagedRows})), 0)::int`.mapWith(Number),
    })
    .from(importBatches)
    .where(
      and(
        eq(importBatches.administratorId, administratorId),
        LIVE,
        except === null ? undefined : ne(importBatches.id, except),
      ),
    );
  return { imports: row?.imports ?? 0, rows: row?.rows ?? 0 };
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
    const [target] = await tx
      .select({ organizationId: organizations.id, permissionGroupId: permissionGroups.id })
      .from(organizations)
      .innerJoin(
        permissionGroups,
        and(eq(permissionGroups.organizationId, organizations.id), eq(permissionGroups.isDefault, true)),
      )
      .where(and(eq(organizations.id, input.organizationId), inScope(admin, organizations.id)));
    if (!target) return null;
    const [row] = await tx
      .insert(importBatches)
      .values({ ...target, administratorId: admin.id, fileName: input.fileName, rowCount: input.totalRows })
      .returning({ id: importBatches.id });
    return { importId: row!.id };
  });
}

/**
 * Discards one of the administrator's own imports in progress, with its staged rows (the dialog's way
 * to free a place: a new file, "Import another file", closing the dialog). False when there was none
 * such (already committed, discarded, or not theirs).
 */
export async function discardImport(db: Db, admin: AdminScope, importId: string): Promise<boolean> {
  const gone = await db
    .delete(importBatches)
    .where(
      and(
        eq(importBatches.id, importId),
        eq(importBatches.administratorId, admin.id),
        eq(importBatches.status, 'staging'),
      ),
    )
    .returning({ id: importBatches.id });
  return gone.length > 0;
}

/** The administrator's own import in progress (optionally locked for the commit), or null. */
export async function findStagingImport(
  db: Db,
  admin: AdminScope,
  importId: string,
  options: { lock?: boolean; status?: 'staging' | 'committed' } = {},
): Promise<StagingImport | null> {
  const root = alias(organizations, 'root');
  const query = db
    .select({
      id: importBatches.id,
      organizationId: importBatches.organizationId,
      tenantId: organizations.tenantId,
      country: root.defaultCountry,
      fileName: importBatches.fileName,
    })
    .from(importBatches)
    .innerJoin(organizations, eq(organizations.id, importBatches.organizationId))
    .innerJoin(root, eq(root.id, organizations.tenantId))
    .where(
      and(
        eq(importBatches.id, importId),
        eq(importBatches.administratorId, admin.id),
        options.status === 'committed' ? eq(importBatches.status, 'committed') : LIVE,
        inScope(admin, importBatches.organizationId),
      ),
    )
    .$dynamic();
  const [row] = await (options.lock ? query.for('update', { of: importBatches }) : query);
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
  const columns = validateChunk(input.rows, batch.country);
  const checks = await newExistenceChecks(db, batch.id, columns);
  await countExistenceChecks(db, admin.tenantId, checks);
  try {
    return await db.transaction((tx) => stageChunk(tx, admin, batch.id, columns));
  } catch (error) {
    // Nothing was staged, so none of these values will be checked.
    await refundExistenceChecks(db, admin.tenantId, checks);
    throw error;
  }
}

/**
 * Inside a transaction: stores the chunk unless it breaks the import's or the administrator's row
 * caps. The administrator's imports, then this one, are locked so that concurrent chunks count the
 * caps one after the other.
 */
async function stageChunk(
  tx: Db,
  admin: AdminScope,
  importId: string,
  columns: StagedColumns,
): Promise<{ staged: number }> {
  await lockImportsOf(tx, admin.id);
  const [locked] = await tx
    .select({ rowCount: importBatches.rowCount })
    .from(importBatches)
    .where(and(eq(importBatches.id, importId), eq(importBatches.status, 'staging')))
    .for('update');
  if (!locked) throw new UserFacingError(IMPORT_NOT_FOUND);
  const { count, fresh } = await stagedAndFresh(tx, importId, columns.lines);
  const after = count + fresh;
  if (after > IMPORT_MAX_ROWS) {
    throw new UserFacingError(`An import takes at most ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows.`);
  }
  const others = await openImports(tx, admin.id, importId);
  const mine = Math.max(locked.rowCount, count);
  const grown = Math.max(locked.rowCount, after);
  if (others.rows + grown > MAX_STAGED_ROWS) {
    throw new UserFacingError(tooManyStagedRows(others.rows + mine, grown - mine));
  }
  return { staged: await insertRows(tx, importId, columns) };
}
