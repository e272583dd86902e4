import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { keyedHash } from '@/lib/secrets';

// No 0/O, 1/l/I: a person reads this password from an email or an SMS and types it into the app.
const READABLE_ALPHABET = '23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const PASSWORD_LENGTH = 12; // 12 × log2(56) ≈ 69.7 bits

export function generateActivationPassword(): string {
  let out = '';
  for (let i = 0; i < PASSWORD_LENGTH; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)];
  }
  return out;
}

/** 256 random bits, URL-safe. */
export function generateLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Spaces and dashes are ignored, so "4kd9-Xm2p-q7Rt" and "4kd9Xm2pq7Rt" both match; case matters. */
function canonicalPassword(password: string): string {
  return password.replace(/[\s-]/g, '');
}

export function hashActivationPassword(password: string): string {
  return keyedHash('activation-password', canonicalPassword(password));
}

export function hashLinkToken(token: string): string {
  return keyedHash('activation-link', token);
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
