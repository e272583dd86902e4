import { like, or, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { escapeLike } from '@/db/sql-helpers';
import { rateLimits } from '@/db/schema';
import { hitRateLimit, refundRateLimit, resetRateLimit, secondsUntilReset } from '@/lib/rate-limit';

/**
 * Sign-in attempts allowed per 15-minute window. Every attempt is counted before the password is
 * checked, in one atomic statement per counter, so a burst of concurrent guesses cannot slip past;
 * a successful sign-in takes its attempt back.
 *
 * - From a browser that has signed in as this email before (a signed device cookie), only that
 *   browser's own failures count: whatever strangers do, the administrator's browser gets in.
 * - Otherwise failures slow down this email from this address, the address across all emails
 *   (one client spraying many accounts), and, far higher, this email from all unknown browsers
 *   together (a botnet guessing one password); the last one can make a new browser wait, never a
 *   known one.
 */
export const SIGN_IN_THROTTLE = {
  windowSeconds: 15 * 60,
  perEmailAndAddress: 10,
  perAddress: 100,
  perEmailFromUnknownBrowsers: 100,
  perDevice: 10,
};

const normalize = (email: string) => email.trim().toLowerCase();

export interface SignInAttempt {
  /** The counters this attempt was counted on. */
  keys: { key: string; limit: number; refundOnSuccess: boolean }[];
}

export type SignInAttemptResult =
  { allowed: true; attempt: SignInAttempt } | { allowed: false; retryAfterSeconds: number };

export async function beginSignInAttempt(
  db: Db,
  input: { email: string; address: string | null; trustedDeviceId: string | null },
): Promise<SignInAttemptResult> {
  const email = normalize(input.email);
  const address = input.address ?? 'unknown';
  const { perDevice, perEmailAndAddress, perAddress, perEmailFromUnknownBrowsers, windowSeconds } = SIGN_IN_THROTTLE;
  const keys: SignInAttempt['keys'] = input.trustedDeviceId
    ? [{ key: `sign-in:device:${input.trustedDeviceId}:${email}`, limit: perDevice, refundOnSuccess: false }]
    : [
        { key: `sign-in:pair:${email}:${address}`, limit: perEmailAndAddress, refundOnSuccess: false },
        { key: `sign-in:address:${address}`, limit: perAddress, refundOnSuccess: true },
        { key: `sign-in:email:${email}`, limit: perEmailFromUnknownBrowsers, refundOnSuccess: true },
      ];
  const counts = await Promise.all(keys.map((k) => hitRateLimit(db, k.key, windowSeconds)));
  const exceeded = keys.filter((k, i) => counts[i]! > k.limit).map((k) => k.key);
  if (exceeded.length > 0) return { allowed: false, retryAfterSeconds: await secondsUntilReset(db, exceeded) };
  return { allowed: true, attempt: { keys } };
}

/** A successful sign-in: its attempt is taken back, and the failures before it are forgiven. */
export async function signInSucceeded(db: Db, attempt: SignInAttempt): Promise<void> {
  await Promise.all(
    attempt.keys.map((k) => (k.refundOnSuccess ? refundRateLimit(db, k.key) : resetRateLimit(db, k.key))),
  );
}

/** Forgets this email's failures from unknown browsers (after its password was set anew). */
export async function forgiveSignInFailures(db: Db, email: string): Promise<void> {
  const normalized = normalize(email);
  await db
    .delete(rateLimits)
    .where(
      or(
        eq(rateLimits.key, `sign-in:email:${normalized}`),
        like(rateLimits.key, `sign-in:pair:${escapeLike(normalized)}:%`),
      ),
    );
}
