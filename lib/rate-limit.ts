import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { rateLimits } from '@/db/schema';

/**
 * Fixed-window counters in the database, so every server instance sees the same count (no memory
 * that a serverless cold start would lose). `hit` adds one and answers the count in the current window.
 */
export async function hitRateLimit(db: Db, key: string, windowSeconds: number): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`insert into ${rateLimits} (key, window_start, count) values (${key}, now(), 1)
        on conflict (key) do update set
          count = case when ${rateLimits.windowStart} < now() - make_interval(secs => ${windowSeconds}) then 1 else ${rateLimits.count} + 1 end,
          window_start = case when ${rateLimits.windowStart} < now() - make_interval(secs => ${windowSeconds}) then now() else ${rateLimits.windowStart} end
        returning count`,
  );
  return Number(row?.count ?? 0);
}

/** The count in the current window, without adding to it. */
export async function peekRateLimit(db: Db, key: string, windowSeconds: number): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count from ${rateLimits} where key = ${key} and window_start >= now() - make_interval(secs => ${windowSeconds})`,
  );
  return Number(row?.count ?? 0);
}

export async function resetRateLimit(db: Db, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
