import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { getHeadroom } from '@/lib/numbers/headroom';

/**
 * What must hold after any fault, whatever was in flight: the database's own consistency rules that
 * no constraint enforces.
 */

/** Organizations whose account_counts counter differs from a recount of their accounts. */
export async function counterMismatches(db: Db): Promise<{ id: string; counter: number; recount: number }[]> {
  const rows = await queryRows<{ id: string; counter: number; recount: number }>(
    db,
    sql`select o.id, coalesce(c.total, 0)::int as counter,
               (select count(*)::int from accounts a where a.organization_id = o.id) as recount
        from organizations o left join account_counts c on c.organization_id = o.id
        where coalesce(c.total, 0) <> (select count(*) from accounts a where a.organization_id = o.id)`,
  );
  return rows.map((r) => ({ id: r.id, counter: Number(r.counter), recount: Number(r.recount) }));
}

/** Organizations whose headroom (lib/numbers/headroom.ts) is below zero. */
export async function negativeHeadroom(db: Db): Promise<{ id: string; headroom: number }[]> {
  const ids = (await queryRows<{ id: string }>(db, sql`select id from organizations`)).map((r) => r.id);
  const headroom = await getHeadroom(db, ids);
  return [...headroom].filter(([, h]) => h.headroom < 0).map(([id, h]) => ({ id, headroom: h.headroom }));
}

/** Numbers given to an account of another organization (a number moves with its account, or not at all). */
export async function strayNumbers(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from phone_numbers n join accounts a on a.id = n.account_id
        where n.organization_id <> a.organization_id`,
  );
  return Number(row!.n);
}

/** The invariants every fault must leave intact. */
export async function assertConsistent(db: Db, when: string): Promise<void> {
  assert.deepEqual(await counterMismatches(db), [], `${when}: account_counts agree with a recount`);
  assert.deepEqual(await negativeHeadroom(db), [], `${when}: no organization's headroom is negative`);
  assert.equal(await strayNumbers(db), 0, `${when}: every number is in its account's organization`);
}

/** The tables the portal's write operations touch. */
export const WRITTEN_TABLES = [
  'accounts',
  'account_counts',
  'phone_numbers',
  'invitations',
  'outbox_messages',
  'outbox_batches',
  'audit_events',
  'import_batches',
  'import_rows',
] as const;

/**
 * A fingerprint of each table's full contents (every column of every row), to tell "exactly as before"
 * from "half-written" without listing columns.
 */
export async function tableDigests(
  db: Db,
  tables: readonly string[] = WRITTEN_TABLES,
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await queryRows<{ n: number; digest: string | null }>(
      db,
      sql`select count(*)::int as n, md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as digest
          from ${sql.identifier(table)} t`,
    );
    digests[table] = `${Number(row!.n)} rows ${row!.digest}`;
  }
  return digests;
}
