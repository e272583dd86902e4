import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import pLimit from 'p-limit';

// scrypt with N=2^15, r=8: 32 MiB and tens of milliseconds per hash, memory-hard against GPUs.
const N = 32768;
const r = 8;
const p = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

/**
 * At most two scrypt computations at a time per process (each takes 32 MiB and a core for tens of
 * milliseconds), and at most 64 waiting: past that a password check is refused at once as busy, so
 * a burst of guesses costs the attacker a refusal, not the server its memory and CPU.
 */
export const SCRYPT_CONCURRENCY = 2;
export const SCRYPT_QUEUE_LIMIT = 64;
const scryptSlots = pLimit(SCRYPT_CONCURRENCY);

/** Too many password checks are waiting; try again shortly. */
export class PasswordCheckBusyError extends Error {
  override name = 'PasswordCheckBusyError';
}

function derive(password: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
  if (scryptSlots.pendingCount >= SCRYPT_QUEUE_LIMIT) return Promise.reject(new PasswordCheckBusyError());
  return scryptSlots(() => deriveNow(password, salt, n, rr, pp));
}

function deriveNow(password: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r: rr, p: pp, maxmem: MAX_MEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hash of a password chosen by a person: `scrypt$N$r$p$salt$key`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !rr || !pp || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(rr), Number(pp)).catch(
    (error: unknown) => {
      if (error instanceof PasswordCheckBusyError) throw error;
      return null;
    },
  );
  return actual !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}

// A fixed hash to verify against when the email is unknown, so that a wrong email and a wrong
// password take the same time and say the same thing.
let dummyHash: Promise<string> | undefined;
export function getDummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString('base64url'));
  return dummyHash;
}
