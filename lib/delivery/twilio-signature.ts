import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Twilio signs its requests with. */
export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/**
 * Twilio's request signature (its documented algorithm): the full URL Twilio was given, followed by
 * each POST parameter's name and value, sorted by name (a repeated name: its values sorted too), with
 * no separators; HMAC-SHA1 keyed with the account's auth token; base64.
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const pairs = [...params.entries()].sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv));
  let data = url;
  for (const [name, value] of pairs) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * True when `signature` is Twilio's for this URL and these parameters. Compared in constant time; a
 * missing or empty header is false.
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | null,
  url: string,
  params: URLSearchParams,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
