'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { z } from 'zod';
import { deleteAccounts } from '@/lib/accounts/delete-accounts';
import { ACCOUNT_NOT_FOUND, updateAccount } from '@/lib/accounts/update-account';
import { updateAccountFields } from '@/lib/accounts/update-account-schema';
import { appBaseUrl } from '@/lib/app-url';
import { adminAction } from '@/lib/auth/admin-action';
import { UserFacingError } from '@/lib/errors';
import { resendAccountInvitations } from '@/lib/invitations/resend-account-invitations';
import { drainSoon } from '@/lib/outbox/triggers';
import { revalidateChanged } from '../../revalidate';

/** The account page's own path, which the Accounts pages' revalidation does not cover. */
const accountPage = (id: string) => `/accounts/${id}`;

// The country-independent part of the form's schema; updateAccount validates again in the tenant's
// country (a device # is read in it).
const updateAccountEnvelope = updateAccountFields('US').extend({
  deviceNumber: z.string().trim().max(40, 'At most 40 characters.'),
});

/** Edit on the account page: the name, email or device # of an account that is not Active. */
export const updateAccountAction = adminAction(updateAccountEnvelope, async (input, { admin, db, meta }) => {
  const updated = await updateAccount(db, admin, meta, input);
  const changed = Object.keys(updated.changes).length > 0;
  if (changed) {
    revalidateChanged('accounts');
    revalidatePath(accountPage(input.accountId));
  }
  const message = !changed
    ? 'Nothing was changed.'
    : updated.invitationVoided
      ? 'The account was updated. Its invitation no longer works: send a new one with Send Invite.'
      : 'The account was updated.';
  return { ok: true, data: updated, message };
});

const oneAccount = z.object({ id: z.uuid(ACCOUNT_NOT_FOUND) });

/** Send Invite (never invited, or voided) or Resend Invite, for the account of the page. */
export const sendAccountInviteAction = adminAction(oneAccount, async ({ id }, { admin, db, meta }) => {
  const result = await resendAccountInvitations(db, admin, meta, [id], { baseUrl: appBaseUrl() });
  if (result.notFound > 0) throw new UserFacingError(ACCOUNT_NOT_FOUND);
  if (result.skippedRecent > 0) {
    return { ok: false, message: 'Not sent: this account was sent an invitation less than a minute ago.' };
  }
  after(drainSoon);
  revalidateChanged('accounts');
  revalidatePath(accountPage(id));
  return { ok: true, data: result, message: 'Invitation sent.' };
});

/** Delete on the account page (confirmed in the page): then back to the Accounts table. */
export const deleteAccountAction = adminAction(oneAccount, async ({ id }, { admin, db, meta }) => {
  const deleted = await deleteAccounts(db, admin, meta, [id]);
  if (deleted === 0) throw new UserFacingError(ACCOUNT_NOT_FOUND);
  revalidateChanged('accounts');
  revalidatePath(accountPage(id));
  redirect('/accounts');
});
