import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, getEnv } from '@/lib/env';

declare global {
  var multilineAuthSecret: string | undefined;
}
const globalForSecret = globalThis;

/**
 * AUTH_SECRET from the environment, or in demo mode only one generated on first use and kept in the
 * local data folder so sessions survive restarts.
 */
export function getAuthSecret(): string {
  if (globalForSecret.multilineAuthSecret) return globalForSecret.multilineAuthSecret;
  const env = getEnv();
  let secret = env.AUTH_SECRET;
  if (!secret && !env.demoMode) {
    // Generated secrets are a demo convenience: a deployment names its own.
    throw new ConfigurationError(
      'AUTH_SECRET is not set. A deployment (DATABASE_URL is set) must set AUTH_SECRET to a random string ' +
        'of at least 32 characters (`openssl rand -base64 33`).',
    );
  }
  if (!secret) {
    const file = path.resolve(env.DATA_DIR, 'auth-secret');
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch {
      mkdirSync(path.dirname(file), { recursive: true });
      secret = randomBytes(33).toString('base64url');
      // 'wx' fails if another process wrote it first; then read theirs.
      try {
        writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      } catch {
        secret = readFileSync(file, 'utf8').trim();
      }
    }
  }
  globalForSecret.multilineAuthSecret = secret;
  return secret;
}

/** A key for one purpose, derived from AUTH_SECRET so an operator manages a single secret. */
const derivedKeys = new Map<string, Buffer>();
export function deriveKey(purpose: string): Buffer {
  let key = derivedKeys.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', getAuthSecret(), 'multiline', purpose, 32));
    derivedKeys.set(purpose, key);
  }
  return key;
}

/** Keyed SHA-256 for random secrets (invitation passwords and link tokens). */
export function keyedHash(purpose: string, value: string): string {
  return createHmac('sha256', deriveKey(purpose)).update(value).digest('base64url');
}
