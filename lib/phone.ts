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
 * A phone number as a person types it ("(415) 555-0100", "+44 20 7946 0958", "0044 …") in E.164, or
 * null when it is not a valid number. A national format is read in the tenant's default country.
 */
export function toE164(raw: string, defaultCountry: string): string | null {
  const input = raw.trim();
  if (!input || input.length > 40 || !/\d/.test(input)) return null;
  const parsed = parsePhoneNumberFromString(input, { defaultCountry: defaultCountry.toUpperCase() as CountryCode });
  return parsed?.isValid() ? parsed.number : null;
}

/** The country calling code of a country ("US" → "1", "DE" → "49"), or null for an unknown country. */
export function countryCallingCode(country: string): string | null {
  const code = country.toUpperCase();
  return isSupportedCountry(code) ? getCountryCallingCode(code) : null;
}
