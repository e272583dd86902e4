import type { CSSProperties } from 'react';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Shared look of the invitation emails: plain, high-contrast, one column, system fonts, no images,
 * so they read well in every client and with a screen reader.
 */
export const styles = {
  body: { backgroundColor: '#f4f5f7', margin: 0, padding: '24px 0', fontFamily: 'Arial, Helvetica, sans-serif' },
  container: {
    backgroundColor: '#ffffff',
    border: '1px solid #d9dce1',
    borderRadius: '6px',
    margin: '0 auto',
    maxWidth: '560px',
    padding: '32px',
  },
  heading: { color: '#111827', fontSize: '22px', lineHeight: '30px', margin: '0 0 16px' },
  text: { color: '#1f2937', fontSize: '16px', lineHeight: '24px', margin: '0 0 16px' },
  label: { color: '#4b5563', fontSize: '14px', lineHeight: '20px', margin: '0' },
  value: { color: '#111827', fontSize: '18px', lineHeight: '26px', fontWeight: 700, margin: '0 0 12px' },
  code: {
    color: '#111827',
    fontFamily: '"Courier New", Courier, monospace',
    fontSize: '20px',
    letterSpacing: '2px',
    fontWeight: 700,
    margin: '0 0 12px',
  },
  details: { backgroundColor: '#f9fafb', border: '1px solid #e5e7eb', borderRadius: '6px', padding: '16px 20px' },
  button: {
    backgroundColor: '#1d4ed8',
    borderRadius: '6px',
    color: '#ffffff',
    display: 'inline-block',
    fontSize: '16px',
    fontWeight: 700,
    padding: '12px 24px',
    textDecoration: 'none',
  },
  link: { color: '#1d4ed8', textDecoration: 'underline', wordBreak: 'break-all' },
  small: { color: '#4b5563', fontSize: '13px', lineHeight: '20px', margin: '0 0 8px' },
  hr: { borderColor: '#e5e7eb', margin: '24px 0' },
} satisfies Record<string, CSSProperties>;

const expiryFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** "2025-07-01T12:00:00.000Z" → "July 1, 2025 (UTC)": one fixed locale and zone, so a retry renders the same bytes. */
export function formatExpiry(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${expiryFormat.format(date)} (UTC)`;
}

/** Only http(s) links go into an email; anything else would be a bug upstream, so it fails loudly. */
export function assertWebUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) throw new Error('An email link must be an http(s) URL');
  return url;
}

/** "+12125550100" → "+1 212 555 0100", the display format of the emails and the portal (lib/phone.ts). Null for no number. */
export function formatPhone(e164: string | null): string | null {
  if (!e164) return null;
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
