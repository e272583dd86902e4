import type { Account } from '@/db/schema';

export type DisplayStatus = 'not_invited' | 'pending' | 'active' | 'expired' | 'suspended';

export const STATUS_LABELS: Record<DisplayStatus, string> = {
  not_invited: 'Not invited',
  pending: 'Pending',
  active: 'Active',
  expired: 'Expired',
  suspended: 'Suspended',
};

export const DELIVERY_LABELS: Record<string, string> = {
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  bounced: 'Bounced',
  complained: 'Complained',
  failed: 'Failed',
};

export function displayStatus(status: Account['status'], expiresAt: Date | null, now = new Date()): DisplayStatus {
  if (status === 'invited') return expiresAt && expiresAt < now ? 'expired' : 'pending';
  return status;
}

/** "+14155559001" → "•••• 9001": the personal phone is the user's own; the table shows only its end. */
export function maskPhone(phone: string | null): string | null {
  return phone ? `•••• ${phone.slice(-4)}` : null;
}
