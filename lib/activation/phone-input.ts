import { toE164 } from '@/lib/phone';

export function looksLikeEmail(username: string): boolean {
  return username.includes('@');
}

/**
 * The device numbers a username typed as a phone number may stand for: its international reading and
 * its national reading in each tenant's default country (the account, hence the country, is not known
 * yet). The password decides between them.
 */
export function deviceNumberCandidates(username: string, countries: string[]): string[] {
  const input = username.trim();
  const out = new Set<string>();
  const international = toE164(input.startsWith('+') ? input : `+${input.replace(/^00/, '')}`, 'US');
  if (international) out.add(international);
  if (!input.startsWith('+')) {
    for (const country of countries) {
      const national = toE164(input, country);
      if (national) out.add(national);
    }
  }
  return [...out];
}

/**
 * The key a username is throttled under: an email lower-cased, a phone number reduced to its digits, so
 * that writing one username in several ways does not buy more attempts.
 */
export function usernameThrottleKey(username: string): string {
  const input = username.trim().toLowerCase();
  if (looksLikeEmail(input)) return input;
  const digits = input.replace(/\D/g, '').replace(/^00/, '');
  return digits || input;
}
