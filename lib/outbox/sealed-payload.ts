import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from '@/lib/secrets';

/**
 * An outbox payload carries the activation password and link in clear until the message is sent, so
 * it is stored encrypted (AES-256-GCM, key derived from AUTH_SECRET) and scrubbed once sent: a
 * database dump or backup never holds a usable invitation.
 */
export interface SealedPayload {
  v: 1;
  sealed: string;
}

export function sealPayload(value: unknown): SealedPayload {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey('outbox-payload'), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { v: 1, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
}

export function openPayload<T>(payload: unknown): T {
  const { sealed } = payload as SealedPayload;
  if (typeof sealed !== 'string') throw new Error('outbox payload is not sealed (already scrubbed?)');
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey('outbox-payload'), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  return JSON.parse(json) as T;
}

/** What a sent message keeps: no secret. */
export const SCRUBBED_PAYLOAD = { v: 1, scrubbed: true } as const;
