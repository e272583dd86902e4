import { z } from 'zod';
import { toE164 } from '@/lib/phone';

export type Contact = { email: string; deviceNumber: null } | { email: null; deviceNumber: string };

const emailSchema = z.email();

/**
 * "Email or Device #": an email goes by email, anything else must be a phone number that parses to
 * E.164 (national formats read with the tenant's default country). Null when it is neither.
 */
export function parseContact(value: string, defaultCountry: string): Contact | null {
  const trimmed = value.trim();
  if (trimmed.includes('@')) {
    return emailSchema.safeParse(trimmed).success ? { email: trimmed.toLowerCase(), deviceNumber: null } : null;
  }
  if (!/^[+(\d][\d\s().-]{5,24}$/.test(trimmed)) return null;
  const deviceNumber = toE164(trimmed, defaultCountry);
  return deviceNumber ? { email: null, deviceNumber } : null;
}

export const CONTACT_INVALID =
  'Enter a valid email address, or a device # with its country code (for example +1 415 555 0100).';
