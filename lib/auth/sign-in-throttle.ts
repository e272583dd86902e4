import type { Db } from '@/db/client';
import { hitRateLimit, peekRateLimit, resetRateLimit } from '@/lib/rate-limit';

/** Failed sign-ins allowed per window: per email (guessing one password) and per client address. */
export const SIGN_IN_THROTTLE = { perEmail: 10, perAddress: 50, windowSeconds: 15 * 60 };

const emailKey = (email: string) => `sign-in:email:${email.trim().toLowerCase()}`;
const addressKey = (address: string | null) => `sign-in:address:${address ?? 'unknown'}`;

export async function isSignInThrottled(db: Db, email: string, address: string | null): Promise<boolean> {
  const [byEmail, byAddress] = await Promise.all([
    peekRateLimit(db, emailKey(email)),
    peekRateLimit(db, addressKey(address)),
  ]);
  return byEmail >= SIGN_IN_THROTTLE.perEmail || byAddress >= SIGN_IN_THROTTLE.perAddress;
}

export async function recordFailedSignIn(db: Db, email: string, address: string | null): Promise<void> {
  await Promise.all([
    hitRateLimit(db, emailKey(email), SIGN_IN_THROTTLE.windowSeconds),
    hitRateLimit(db, addressKey(address), SIGN_IN_THROTTLE.windowSeconds),
  ]);
}

/** A successful sign-in forgives the email's failures (not the address's). */
export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await resetRateLimit(db, emailKey(email));
}
