'use server';

import { after } from 'next/server';
import { z } from 'zod';
import { addAccount } from '@/lib/accounts/add-account';
import { addAccountSchema } from '@/lib/accounts/add-account-schema';
import { ACCOUNT_NOT_FOUND, assignNumber, getAssignNumberOptions } from '@/lib/accounts/assign-number';
import { assignNumberSchema, describeAssignNumber } from '@/lib/accounts/assign-number-schema';
import { getAddAccountOptions } from '@/lib/accounts/add-account-options';
import { resolveAccountSelection } from '@/lib/accounts/account-selection';
import { accountSelectionSchema } from '@/lib/accounts/account-selection-schema';
import { deleteAccounts } from '@/lib/accounts/delete-accounts';
import { getMoveOptions, moveAccounts } from '@/lib/accounts/move-accounts';
import { describeReinstate, reinstateAccounts } from '@/lib/accounts/reinstate-accounts';
import { describeSuspend, suspendAccounts } from '@/lib/accounts/suspend-accounts';
import { describeMove, moveSelectionSchema } from '@/lib/accounts/move-accounts-schema';
import { appBaseUrl } from '@/lib/app-url';
import { adminAction } from '@/lib/auth/admin-action';
import { UserFacingError } from '@/lib/errors';
import { describeResend, resendAccountInvitations } from '@/lib/invitations/resend-account-invitations';
import { drainSoon } from '@/lib/outbox/triggers';
import { revalidateChanged } from '../revalidate';

// Every action on the selection takes the ticked rows or all accounts matching the table's filters,
// resolved again here in the administrator's scope (lib/accounts/account-selection.ts).
const selectionSchema = accountSelectionSchema;

export const deleteAccountsAction = adminAction(selectionSchema, async (selection, { admin, db, meta }) => {
  const ids = await resolveAccountSelection(db, admin, selection);
  const deleted = await deleteAccounts(db, admin, meta, ids);
  if (deleted > 0) revalidateChanged('accounts');
  const missing = ids.length - deleted;
  const message =
    deleted === 0
      ? 'No accounts were deleted: they were not found.'
      : `${deleted} ${deleted === 1 ? 'account' : 'accounts'} deleted.` +
        (missing > 0 ? ` ${missing} not found (already deleted).` : '');
  return { ok: true, data: { deleted }, message };
});

export const resendInvitesAction = adminAction(selectionSchema, async (selection, { admin, db, meta }) => {
  const ids = await resolveAccountSelection(db, admin, selection);
  const result = await resendAccountInvitations(db, admin, meta, ids, { baseUrl: appBaseUrl() });
  if (result.sent > 0) {
    after(drainSoon);
    revalidateChanged('accounts');
  }
  return { ok: true, data: result, message: describeResend(result) };
});

/** Send Invite: the first invitation of accounts saved without one (docs/product.md#send-invite). */
export const sendInvitesAction = adminAction(selectionSchema, async (selection, { admin, db, meta }) => {
  const ids = await resolveAccountSelection(db, admin, selection);
  const result = await resendAccountInvitations(db, admin, meta, ids, { baseUrl: appBaseUrl(), first: true });
  if (result.sent > 0) {
    after(drainSoon);
    revalidateChanged('accounts');
  }
  return { ok: true, data: result, message: describeResend(result) };
});

export const suspendAccountsAction = adminAction(selectionSchema, async (selection, { admin, db, meta }) => {
  const ids = await resolveAccountSelection(db, admin, selection);
  const result = await suspendAccounts(db, admin, meta, ids);
  if (result.suspended > 0) revalidateChanged('accounts');
  return { ok: true, data: result, message: describeSuspend(result) };
});

/** Reinstate; refused whole (a UserFacingError) when an organization lacks the headroom. */
export const reinstateAccountsAction = adminAction(selectionSchema, async (selection, { admin, db, meta }) => {
  const ids = await resolveAccountSelection(db, admin, selection);
  const result = await reinstateAccounts(db, admin, meta, ids);
  if (result.active + result.notInvited > 0) revalidateChanged('accounts');
  return { ok: true, data: result, message: describeReinstate(result) };
});

// The country-independent part of the form's schema; addAccount validates again with the tenant's
// country (a device # is read in it).
const addAccountEnvelope = addAccountSchema('US').extend({ contact: z.string().trim().min(1).max(254) });

export const addAccountAction = adminAction(addAccountEnvelope, async (input, { admin, db, meta }) => {
  const added = await addAccount(db, admin, meta, input, { baseUrl: appBaseUrl() });
  if (added.invited) after(drainSoon);
  revalidateChanged('accounts');
  const name = `${input.firstName} ${input.lastName}`;
  return {
    ok: true,
    data: added,
    message: added.invited ? `${name} was added and invited.` : `${name} was added (not invited yet).`,
  };
});

export const addAccountOptionsAction = adminAction(
  z.object({ organizationId: z.uuid(), search: z.string().max(30).optional() }),
  async ({ organizationId, search }, { admin, db }) => {
    const options = await getAddAccountOptions(db, admin, organizationId, search);
    if (!options) throw new UserFacingError('The organization was not found.');
    return { ok: true, data: options };
  },
);

export const moveAccountsAction = adminAction(moveSelectionSchema, async (input, { admin, db, meta }) => {
  const { selection, ...destination } = input;
  const ids = await resolveAccountSelection(db, admin, selection);
  const result = await moveAccounts(db, admin, meta, { ...destination, ids });
  if (result.moved > 0) revalidateChanged('accounts');
  return { ok: true, data: result, message: describeMove(result) };
});

/** The Move dialog's choices for the selection: destinations in scope with their groups and headroom. */
export const moveOptionsAction = adminAction(selectionSchema, async (selection, { admin, db }) => {
  const ids = await resolveAccountSelection(db, admin, selection);
  return { ok: true, data: await getMoveOptions(db, admin, ids) };
});

// Assign Number (assign-number-dialog.tsx) on one account that is not Active.
export const assignNumberAction = adminAction(assignNumberSchema, async (input, { admin, db, meta }) => {
  const result = await assignNumber(db, admin, meta, input);
  if (result.changed) revalidateChanged('accounts', 'numbers');
  return { ok: true, data: result, message: describeAssignNumber(result) };
});

/** The Assign Number dialog's account and choices (its organization's numbers matching `search`). */
export const assignNumberOptionsAction = adminAction(
  z.object({ accountId: z.uuid(), search: z.string().max(30).optional() }),
  async ({ accountId, search }, { admin, db }) => {
    const options = await getAssignNumberOptions(db, admin, accountId, search);
    if (!options) throw new UserFacingError(ACCOUNT_NOT_FOUND);
    return { ok: true, data: options };
  },
);
