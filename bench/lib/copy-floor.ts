import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { accounts, invitations, outboxMessages } from '@/db/schema';
import { onCleanup } from './cleanup';

/**
 * bench:import's floor (bench/import.ts): the rows the import added, written by the server into files
 * with COPY TO, then loaded with COPY FROM into a clone of the database as it was before the import.
 */

/** The tables the import writes, in the order they are loaded (each refers to the one before). */
const TABLES = [accounts, invitations, outboxMessages] as const;
type CopiedTable = (typeof TABLES)[number];
export type CopyFiles = Map<CopiedTable, string>;

/** The columns COPY can load (not generated ones such as accounts.search_text), in the schema's order. */
function copiedColumns(table: PgTable): Record<string, PgColumn> {
  return Object.fromEntries(
    getTableConfig(table)
      .columns.filter((c) => !c.generated)
      .map((c) => [c.name, c]),
  );
}

/** The generated file's accounts: their emails and device numbers are the bench's own. */
const imported = sql`(${accounts.email} like 'bench.user%' or ${accounts.deviceNumber} like '+1646%')`;

/** The rows of each table the import added. */
function importedRows(db: Db, table: CopiedTable) {
  const columns = copiedColumns(table);
  if (table === accounts) return db.select(columns).from(accounts).where(imported);
  const importedAccounts = db.select({ id: accounts.id }).from(accounts).where(imported);
  if (table === invitations) {
    return db.select(columns).from(invitations).where(inArray(invitations.accountId, importedAccounts));
  }
  const importedInvitations = db
    .select({ id: invitations.id })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(imported);
  return db.select(columns).from(outboxMessages).where(inArray(outboxMessages.invitationId, importedInvitations));
}

const dialect = new PgDialect();

/** COPY takes no bind parameters: a statement rendered to text, which must need none. */
function copyStatement(statement: SQL): SQL {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  if (params.length > 0) throw new Error(`COPY cannot take parameters: ${text}`);
  return sql.raw(text);
}

const fileLiteral = (file: string) => sql.raw(`'${file.replace(/'/g, "''")}'`);

/**
 * The rows the import added, written by the server into files (COPY TO a file: the benchmark's
 * Postgres is on this machine), so that the floor loads them without any client in the way.
 */
export async function dumpImportedRows(db: Db, prefix: string): Promise<CopyFiles> {
  const files: CopyFiles = new Map();
  for (const table of TABLES) {
    const file = path.join(os.tmpdir(), `${prefix}.${getTableConfig(table).name}.copy`);
    onCleanup(`remove ${file}`, () => rmSync(file, { force: true }));
    await db.execute(copyStatement(sql`copy ${importedRows(db, table)} to ${fileLiteral(file)}`));
    files.set(table, file);
  }
  return files;
}

/** The floor: COPY of the same rows into the same tables (same indexes and triggers), in one transaction. */
export async function copyRows(db: Db, files: CopyFiles): Promise<number> {
  const start = performance.now();
  await db.transaction(async (tx) => {
    for (const table of TABLES) {
      const columns = sql.join(
        Object.values(copiedColumns(table)).map((c) => sql.identifier(c.name)),
        sql`, `,
      );
      await tx.execute(copyStatement(sql`copy ${table} (${columns}) from ${fileLiteral(files.get(table)!)}`));
    }
  });
  return performance.now() - start;
}
