import { inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { hitRateLimit } from '@/lib/rate-limit';

/**
 * Activation attempts allowed per window: per username (or link), which stops guessing one account's
 * password, and per client address, which stops one client from trying many usernames. Every attempt
 * counts, successful or not, and it is counted before the credentials are checked.
 */
export const ACTIVATION_THROTTLE = { perUsername: 10, perAddress: 50, windowSeconds: 15 * 60 };

export interface ThrottleKeys {
  /** `activation:user:<username>` or `activation:link:<token hash>`. */
  subject: string;
  address: string;
}

export function activationThrottleKeys(subject: string, address: string | null): ThrottleKeys {
  return { subject, address: `activation:addr:${address ?? 'unknown'}` };
}

/** Counts one attempt; answers the seconds to wait when a limit is exceeded, else null. */
export async function hitActivationThrottle(db: Db, keys: ThrottleKeys): Promise<number | null> {
  const { windowSeconds, perUsername, perAddress } = ACTIVATION_THROTTLE;
  // Two separate statements outside any transaction: an attempt stays counted whatever follows.
  const bySubject = await hitRateLimit(db, keys.subject, windowSeconds);
  const byAddress = await hitRateLimit(db, keys.address, windowSeconds);
  const exceeded = [bySubject > perUsername ? keys.subject : null, byAddress > perAddress ? keys.address : null].filter(
    (k): k is string => k !== null,
  );
  if (exceeded.length === 0) return null;
  const rows = await queryRows<{ seconds: number }>(
    db,
    sql`select ceil(extract(epoch from (${rateLimits.windowStart} + make_interval(secs => ${windowSeconds})) - now()))::int as seconds
        from ${rateLimits} where ${inArray(rateLimits.key, exceeded)}`,
  );
  return Math.max(1, ...rows.map((r) => Number(r.seconds)));
}
