import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, auditEvents, importRows } from '@/db/schema';

/** The account with this email (the test's own data: it exists). */
export async function accountByEmail(db: Db, email: string) {
  const [account] = await db.select().from(accounts).where(eq(accounts.email, email));
  return account!;
}

/** The id of the account with this email; fails the test when there is none. */
export async function accountIdByEmail(db: Db, email: string): Promise<string> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
  assert.ok(row, email);
  return row.id;
}

/** How many audit events there are: all of them, or those of `action`. */
export async function auditCount(db: Db, action?: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(action === undefined ? undefined : eq(auditEvents.action, action));
  return Number(row!.n);
}

/** How many rows an import has staged. */
export async function stagedRowCount(db: Db, importId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(importRows).where(eq(importRows.importId, importId));
  return Number(row!.n);
}
