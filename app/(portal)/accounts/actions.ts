'use server';

import { z } from 'zod';
import { deleteAccounts } from '@/lib/accounts/delete-accounts';
import { adminAction } from '@/lib/auth/admin-action';

const selectionSchema = z.object({
  ids: z
    .array(z.uuid())
    .min(1, 'Select at least one account.')
    .max(1000)
    .transform((ids) => [...new Set(ids)]),
});

export const deleteAccountsAction = adminAction(selectionSchema, async ({ ids }, { admin, db, meta }) => {
  const deleted = await deleteAccounts(db, admin, meta, ids);
  const missing = ids.length - deleted;
  const message =
    deleted === 0
      ? 'No accounts were deleted: they were not found.'
      : `${deleted} ${deleted === 1 ? 'account' : 'accounts'} deleted.` +
        (missing > 0 ? ` ${missing} not found (already deleted).` : '');
  return { ok: true, data: { deleted }, message };
});
