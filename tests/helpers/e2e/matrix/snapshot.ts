/**
 * What "changes nothing" is measured against: every row of every table of the server's database, as
 * text (`t::text`), sorted, per table. The demo database is small, so a snapshot is one query.
 */
import { sql } from 'drizzle-orm';
import { type DbHandle, openDatabase, queryRows } from '@/db/client';
import type { E2eDatabase } from '../e2e-database';

/**
 * Rows a refused request may legitimately write, and why: a WHERE clause per table that keeps the rows
 * compared. Nothing else is excluded: an audit event written by a refused call, for one, is a finding,
 * and so would be any other counter (a tenant's daily quota, say) that a refused call used up.
 */
export const EXCLUDED_ROWS: Readonly<Record<string, { compared: string; why: string }>> = {
  rate_limits: {
    compared: `key not like 'sign-in:%' and key not like 'activation:%'`,
    why: 'the throttles of sign-in (per email and address) and of activation and set-password links (per username, link and address) count a failed attempt, or every attempt, before anything is checked, by design',
  },
};

export type Snapshot = Map<string, string[]>;

async function readSnapshot(handle: DbHandle): Promise<Snapshot> {
  const tables = (
    await queryRows<{ name: string }>(
      handle.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    )
  ).map((t) => t.name);
  const union = tables
    .map((t) => {
      const where = EXCLUDED_ROWS[t] ? ` where ${EXCLUDED_ROWS[t].compared}` : '';
      return `select '${t}' as t, x::text as r from public."${t}" x${where}`;
    })
    .join(' union all ');
  const rows = await queryRows<{ t: string; r: string }>(handle.db, sql.raw(union));
  const snapshot: Snapshot = new Map(tables.map((t) => [t, []]));
  for (const row of rows) snapshot.get(row.t)!.push(row.r);
  for (const list of snapshot.values()) list.sort();
  return snapshot;
}

/**
 * Reads snapshots of one server's database. On Postgres it keeps one connection open, so the spec
 * reads the database while the server runs (a snapshot around every call). PGlite is one process's
 * database: `read` opens it only while the server is stopped, and closes it again.
 */
export class DatabaseReader {
  private handle: DbHandle | undefined;
  constructor(private readonly env: E2eDatabase['env']) {}

  /** True on Postgres: snapshots can be taken while the server runs. */
  get live(): boolean {
    return Boolean(this.env.DATABASE_URL);
  }

  async read(): Promise<Snapshot> {
    if (this.live) {
      this.handle ??= await openDatabase({ url: this.env.DATABASE_URL, poolMax: 1 });
      return readSnapshot(this.handle);
    }
    const handle = await openDatabase({ pgliteDir: this.env.PGLITE_DIR });
    try {
      return await readSnapshot(handle);
    } finally {
      await handle.close();
    }
  }

  async close() {
    await this.handle?.close();
    this.handle = undefined;
  }
}

const short = (row: string) => (row.length > 160 ? `${row.slice(0, 157)}...` : row);

/** The differences between two snapshots, one line per table that changed; empty when equal. */
export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(table) ?? [];
    const b = after.get(table) ?? [];
    if (a.length === b.length && a.every((row, i) => row === b[i])) continue;
    const remaining = new Map<string, number>();
    for (const row of a) remaining.set(row, (remaining.get(row) ?? 0) + 1);
    const added: string[] = [];
    for (const row of b) {
      const n = remaining.get(row) ?? 0;
      if (n > 0) remaining.set(row, n - 1);
      else added.push(row);
    }
    const removed = [...remaining.entries()].flatMap(([row, n]) => Array<string>(n).fill(row));
    const sample = [
      ...removed.slice(0, 2).map((r) => `- ${short(r)}`),
      ...added.slice(0, 2).map((r) => `+ ${short(r)}`),
    ];
    changes.push(
      `${table}: ${removed.length} row(s) gone or changed, ${added.length} new or changed [${sample.join(' | ')}]`,
    );
  }
  return changes;
}
