'use server';

import { after } from 'next/server';
import { addAdministrator } from '@/lib/administrators/add-administrator';
import { addAdministratorSchema, administratorSelectionSchema } from '@/lib/administrators/administrator-schemas';
import { describeRemoval, removeAdministrators } from '@/lib/administrators/remove-administrators';
import { resendAdministratorInvitations } from '@/lib/administrators/resend-administrator-invitations';
import { appBaseUrl } from '@/lib/app-url';
import { adminAction } from '@/lib/auth/admin-action';
import { describeResend } from '@/lib/invitations/resend-account-invitations';
import { drainSoon } from '@/lib/outbox/triggers';
import { revalidateChanged } from '../revalidate';

export const addAdministratorAction = adminAction(addAdministratorSchema, async (input, { admin, db, meta }) => {
  await addAdministrator(db, admin, meta, input, { baseUrl: appBaseUrl() });
  after(drainSoon);
  revalidateChanged('administrators');
  return { ok: true, data: undefined, message: `${input.name} was added and invited.` };
});

export const resendAdministratorInvitesAction = adminAction(
  administratorSelectionSchema,
  async ({ ids }, { admin, db, meta }) => {
    const result = await resendAdministratorInvitations(db, admin, meta, ids, {
      baseUrl: appBaseUrl(),
    });
    if (result.sent > 0) {
      after(drainSoon);
      revalidateChanged('administrators');
    }
    return { ok: true, data: result, message: describeResend(result) };
  },
);

export const removeAdministratorsAction = adminAction(
  administratorSelectionSchema,
  async ({ ids }, { admin, db, meta }) => {
    const result = await removeAdministrators(db, admin, meta, ids);
    // Removing oneself ends the session: the browser loads Sign in, and no page is rendered for it here.
    if (result.removed > 0 && !result.removedSelf) revalidateChanged('administrators');
    return {
      ok: true,
      data: { removed: result.removed, removedSelf: result.removedSelf },
      message: describeRemoval(result),
    };
  },
);
