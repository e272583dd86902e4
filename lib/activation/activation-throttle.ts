import type { Db } from '@/db/client';
import { hitRateLimit, refundRateLimit, resetRateLimit, secondsUntilReset } from '@/lib/rate-limit';

/**
 * Activation attempts (the mobile API, the activation link, an administrator's set-password link)
 * allowed per 15-minute window. There is no device cookie here, so:
 * - failures slow down one username (or link) from one address: that is where guessing happens;
 * - one username across all addresses has a high ceiling only: its password carries ~70 bits, so
 *   guessing is hopeless anyway, and a low ceiling would let strangers keep the user out;
 * - one address across usernames is limited too, but a successful activation takes its attempt
 *   back, so an office behind one NAT activates freely.
 * Every attempt is counted before the credentials are checked, atomically.
 */
export const ACTIVATION_THROTTLE = {
  windowSeconds: 15 * 60,
  perUsernameAndAddress: 10,
  perUsername: 1000,
  perAddress: 50,
};

export interface ActivationAttempt {
  keys: { key: string; limit: number; refundOnSuccess: boolean }[];
}

export type ActivationAttemptResult =
  { allowed: true; attempt: ActivationAttempt } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt. `subject` names what is tried: `activation:user:<username>`,
 * `activation:link:<token hash>` or `activation:admin-link:<token hash>`.
 */
export async function beginActivationAttempt(
  db: Db,
  subject: string,
  clientAddress: string | null,
): Promise<ActivationAttemptResult> {
  const address = clientAddress ?? 'unknown';
  const { windowSeconds, perUsernameAndAddress, perUsername, perAddress } = ACTIVATION_THROTTLE;
  const keys: ActivationAttempt['keys'] = [
    { key: `${subject}|addr:${address}`, limit: perUsernameAndAddress, refundOnSuccess: false },
    { key: subject, limit: perUsername, refundOnSuccess: true },
    { key: `activation:addr:${address}`, limit: perAddress, refundOnSuccess: true },
  ];
  const counts = await Promise.all(keys.map((k) => hitRateLimit(db, k.key, windowSeconds)));
  const exceeded = keys.filter((k, i) => counts[i]! > k.limit).map((k) => k.key);
  if (exceeded.length > 0) return { allowed: false, retryAfterSeconds: await secondsUntilReset(db, exceeded) };
  return { allowed: true, attempt: { keys } };
}

/** A successful activation never counts against the address, and forgives this pair's failures. */
export async function activationSucceeded(db: Db, attempt: ActivationAttempt): Promise<void> {
  await Promise.all(
    attempt.keys.map((k) => (k.refundOnSuccess ? refundRateLimit(db, k.key) : resetRateLimit(db, k.key))),
  );
}
