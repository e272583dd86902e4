import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** "+12125550100" → "+1 212 555 0100" for display; stored values stay E.164. */
export function formatPhone(e164: string | null): string | null {
  if (!e164) return null;
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
