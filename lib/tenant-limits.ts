import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Organization, organizations, phoneNumbers } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { hitRateLimit, refundRateLimit } from '@/lib/rate-limit';

/**
 * The limits the operator sets per tenant (docs/product.md#security), read from the tenant's root
 * organization (`npm run tenant:limits`):
 *
 * - **Existence checks.** Usernames (an account's email or device #, an administrator's email) and
 *   numbers are unique platform-wide, so Add Account, the import, Add numbers and Add Administrator
 *   cannot help telling whether a value exists somewhere. Each adds the values it checks to a per-tenant
 *   counter (a 24-hour window) before answering, and is refused once the tenant's daily limit would be
 *   exceeded: a tenant cannot enumerate the platform's users and numbers.
 * - **Number quota.** The numbers a tenant holds in its inventory, checked when numbers are added.
 */

export type TenantLimits = Pick<Organization, 'numberQuota' | 'existenceCheckDailyLimit'>;

/** The window of the existence-check counter: a day from the first check. */
export const EXISTENCE_WINDOW_SECONDS = 24 * 60 * 60;

/** The rate-limit key of a tenant's existence checks. */
export const existenceCheckKey = (tenantId: string) => `existence:${tenantId}`;

const fmt = (n: number) => n.toLocaleString('en-US');

export function existenceLimitMessage(limit: number): string {
  return `Your organization has reached today's limit of ${fmt(limit)} checks for existing users and numbers. Try again tomorrow, or ask the operator to raise the limit.`;
}

export function numberQuotaMessage(total: number, quota: number): string {
  return `This would bring your inventory to ${fmt(total)} numbers; your limit is ${fmt(quota)}. Ask the operator to raise it.`;
}

/** The tenant's limits, from its root organization. */
export async function readTenantLimits(db: Db, tenantId: string): Promise<TenantLimits> {
  const [row] = await db
    .select({
      numberQuota: organizations.numberQuota,
      existenceCheckDailyLimit: organizations.existenceCheckDailyLimit,
    })
    .from(organizations)
    .where(and(eq(organizations.id, tenantId), eq(organizations.tenantId, organizations.id)));
  if (!row) throw new Error(`No tenant ${tenantId}`);
  return row;
}

/**
 * Counts `amount` existence checks against the tenant's daily limit, BEFORE the caller answers
 * whether the values exist; throws the product's message (and takes the hits back, so the counter
 * holds only answered checks) when they would exceed it. One atomic add, so concurrent requests
 * cannot together pass the limit. Call it on the database, never inside a transaction: a check
 * that was answered stays counted even when the caller's transaction rolls back.
 */
export async function countExistenceChecks(db: Db, tenantId: string, amount: number): Promise<void> {
  if (amount <= 0) return;
  const { existenceCheckDailyLimit: limit } = await readTenantLimits(db, tenantId);
  const key = existenceCheckKey(tenantId);
  const count = await hitRateLimit(db, key, EXISTENCE_WINDOW_SECONDS, amount);
  if (count > limit) {
    await refundRateLimit(db, key, amount);
    throw new UserFacingError(existenceLimitMessage(limit));
  }
}

/** Takes back checks counted for values that were then never checked (e.g. rows refused at staging). */
export async function refundExistenceChecks(db: Db, tenantId: string, amount: number): Promise<void> {
  if (amount > 0) await refundRateLimit(db, existenceCheckKey(tenantId), amount);
}

/** How many numbers the tenant holds: every number of every organization of the tenant. */
export async function numbersHeld(db: Db, tenantId: string): Promise<number> {
  return db.$count(
    phoneNumbers,
    sql`${phoneNumbers.organizationId} = any(array(
      select ${organizations.id} from ${organizations} where ${organizations.tenantId} = ${tenantId}))`,
  );
}

/** The tenant's inventory against its quota (for the Numbers page). */
export async function numberInventory(db: Db, tenantId: string): Promise<{ held: number; quota: number }> {
  const { numberQuota: quota } = await readTenantLimits(db, tenantId);
  return { held: await numbersHeld(db, tenantId), quota };
}

/** Throws the quota message unless `adding` more numbers fit in the tenant's quota. Unlocked: a pre-check. */
export async function requireNumberQuota(
  db: Db,
  tenantId: string,
  adding: number,
): Promise<{ held: number; quota: number }> {
  const { held, quota } = await numberInventory(db, tenantId);
  if (adding > 0 && held + adding > quota) throw new UserFacingError(numberQuotaMessage(held + adding, quota));
  return { held, quota };
}

/**
 * Inside the transaction that adds the numbers: takes the tenant's number-quota lock (held until
 * commit, so two requests adding numbers to one tenant count one after the other and cannot both
 * pass), then checks the quota. An advisory lock rather than the root organization's row: adding
 * numbers need not wait for, nor hold up, the headroom checks that lock the root.
 */
export async function lockAndRequireNumberQuota(
  tx: Db,
  tenantId: string,
  adding: number,
): Promise<{ held: number; quota: number }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`number-quota:${tenantId}`}))`);
  return requireNumberQuota(tx, tenantId, adding);
}
