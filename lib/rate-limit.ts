import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { rateLimits } from '@/db/schema';

/**
 * Fixed-window counters in the database, so every server instance sees the same count (no memory
 * that a serverless cold start would lose). A window ends at `expires_at`; the next hit after it
 * starts a new one, and the drainer's schedule deletes expired rows (`purgeExpiredRateLimits`).
 */

/**
 * Adds `amount` in one atomic statement and answers the count in the current window, this hit
 * included: concurrent callers each see a distinct count, so a burst cannot slip past a limit.
 */
export async function hitRateLimit(db: Db, key: string, windowSeconds: number, amount = 1): Promise<number> {
  const windowEnd = sql`now() + make_interval(secs => ${windowSeconds})`;
  const expired = sql`${rateLimits.expiresAt} <= now()`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: sql`now()`, count: amount, expiresAt: windowEnd })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then ${amount} else ${rateLimits.count} + ${amount} end`,
        windowStart: sql`case when ${expired} then now() else ${rateLimits.windowStart} end`,
        expiresAt: sql`case when ${expired} then ${windowEnd} else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({ count: rateLimits.count });
  return row?.count ?? 0;
}

/** The count in the current window, without adding to it. */
export async function peekRateLimit(db: Db, key: string): Promise<number> {
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.expiresAt, sql`now()`)));
  return row?.count ?? 0;
}

/** Takes back `amount` hits of the current window (an attempt that turned out to be legitimate). */
export async function refundRateLimit(db: Db, key: string, amount = 1): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - ${amount}, 0)` })
    .where(and(eq(rateLimits.key, key), gt(rateLimits.expiresAt, sql`now()`)));
}

export async function resetRateLimit(db: Db, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Seconds until the latest of these counters' windows ends (at least 1). */
export async function secondsUntilReset(db: Db, keys: string[]): Promise<number> {
  if (keys.length === 0) return 1;
  const rows = await db
    .select({ seconds: sql<number>`ceil(extract(epoch from ${rateLimits.expiresAt} - now()))::int` })
    .from(rateLimits)
    .where(inArray(rateLimits.key, keys));
  return Math.max(1, ...rows.map((r) => Number(r.seconds)));
}

/** Deletes expired counters, a bounded batch at a time; answers how many went. */
export async function purgeExpiredRateLimits(db: Db, batchSize = 10_000): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = db
      .select({ key: rateLimits.key })
      .from(rateLimits)
      .where(lte(rateLimits.expiresAt, sql`now()`))
      .limit(batchSize);
    const rows = await db.delete(rateLimits).where(inArray(rateLimits.key, expired)).returning({ key: rateLimits.key });
    total += rows.length;
    if (rows.length < batchSize) return total;
  }
}
