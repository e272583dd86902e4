import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts } from '@/db/schema';
import { ACTIVATION_MESSAGES } from './activation-messages';
import type { ActivationFailure } from './activation-result';

/**
 * A Suspended account (docs/product.md#suspend-and-reinstate) is refused activation and reinstall with this,
 * whichever of its invitations the credentials open: Suspend superseded the current one, and a user
 * holding it is told why it stopped working rather than that a newer one exists.
 */
export const SUSPENDED = {
  ok: false,
  code: 'account_suspended',
  message: ACTIVATION_MESSAGES.suspended,
} as const satisfies ActivationFailure;

export async function isAccountSuspended(db: Db, accountId: string): Promise<boolean> {
  const [row] = await db.select({ status: accounts.status }).from(accounts).where(eq(accounts.id, accountId));
  return row?.status === 'suspended';
}
