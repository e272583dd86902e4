import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '@/lib/secrets';

/**
 * A browser that has signed in successfully carries a signed cookie naming a random device id and
 * the email it signed in as. Sign-in throttling counts that browser's failures on their own, so
 * strangers' failures never keep the administrator's own browser out. Not a session: it grants
 * nothing, it only changes which counter an attempt falls under.
 */
export const DEVICE_COOKIE = 'ml_device';
export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

function mac(deviceId: string, email: string): string {
  return createHmac('sha256', deriveKey('device-cookie'))
    .update(`${deviceId}|${email.trim().toLowerCase()}`)
    .digest('base64url');
}

export function issueDeviceCookie(email: string): string {
  const deviceId = randomBytes(16).toString('base64url');
  return `${deviceId}.${mac(deviceId, email)}`;
}

/** The device id when the cookie is genuine and was issued for this email, else null. */
export function trustedDeviceId(cookieValue: string | undefined | null, email: string): string | null {
  if (!cookieValue) return null;
  const [deviceId, signature, extra] = cookieValue.split('.');
  if (!deviceId || !signature || extra !== undefined || !/^[\w-]{16,64}$/.test(deviceId)) return null;
  const expected = Buffer.from(mac(deviceId, email));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? deviceId : null;
}
