import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';

/**
 * "+12125550100" → "+1 212 555 0100" for display; stored values stay E.164. One formatter for the
 * portal and the invitations: it lives with the templates, which may import nothing of lib/.
 */
export { formatPhone } from '@/emails/shared';

/**
 * E.164: a + and 7 to 15 digits, as the database's checks on device and pool numbers have it. libphonenumber
 * takes a few national numbers that are longer ("+81 0011 0000 0000 0", 16 digits, is valid in its JP
 * metadata); the database would refuse them, so they are not valid numbers here.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A phone number as a person types it ("(415) 555-0100", "+44 20 7946 0958", "0044 …") in E.164, or
 * null when it is not a valid number. A national format is read in the tenant's default country.
 */
export function toE164(raw: string, defaultCountry: string): string | null {
  const input = raw.trim();
  if (!input || input.length > 40 || !/\d/.test(input)) return null;
  const parsed = parsePhoneNumberFromString(input, { defaultCountry: defaultCountry.toUpperCase() as CountryCode });
  return parsed?.isValid() && E164.test(parsed.number) ? parsed.number : null;
}

/** The country calling code of a country ("US" → "1", "DE" → "49"), or null for an unknown country. */
export function countryCallingCode(country: string): string | null {
  const code = country.toUpperCase();
  return isSupportedCountry(code) ? getCountryCallingCode(code) : null;
}
