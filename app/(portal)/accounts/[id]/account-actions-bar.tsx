'use client';

import { type ReactNode, useId, useState, useTransition } from 'react';
import { ActionStatus, type ActionResult, actionResult } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import { ConfirmDialog } from '@/app/_components/ui/confirm-dialog';
import type { DisplayStatus } from '@/lib/accounts/account-status';
import { ReinstateButton } from '../reinstate-button';
import { SuspendDialog } from '../suspend-dialog';
import { deleteAccountAction, sendAccountInviteAction } from './actions';
import { type EditableAccount, EditAccountDialog } from './edit-account-dialog';

/**
 * The account page's actions, in one toolbar: **Edit**, **Send Invite** (never invited, or its
 * invitation voided) or **Resend Invite**, then `children` (the actions other features bring: Assign
 * Number), **Suspend** or **Reinstate**, then **Delete**. Each result stays in the status region below; the
 * actions revalidate the page, which comes back fresh with their answer.
 */
export function AccountActionsBar({
  account,
  status,
  children,
}: {
  account: EditableAccount;
  status: DisplayStatus;
  children?: ReactNode;
}) {
  const [result, setResult] = useState<ActionResult>(null);
  const [pending, startTransition] = useTransition();
  const activeNoteId = useId();
  const name = `${account.firstName} ${account.lastName}`;

  function sendInvite() {
    startTransition(async () => {
      setResult(actionResult(await sendAccountInviteAction({ id: account.id })));
    });
  }

  function deleteAccount() {
    startTransition(async () => {
      // On success the action navigates back to Accounts; only a refusal comes back here.
      const res = await deleteAccountAction({ id: account.id });
      if (!res.ok) setResult(actionResult(res));
    });
  }

  return (
    <div className="mb-6">
      <div role="toolbar" aria-label="Account actions" className="flex flex-wrap items-center gap-2">
        <EditAccountDialog
          account={account}
          disabled={status === 'active' || pending}
          describedBy={status === 'active' ? activeNoteId : undefined}
          onDone={(message) => setResult({ ok: true, message })}
        />
        {status !== 'suspended' && (
          <Button variant="primary" disabled={pending} onClick={sendInvite}>
            {status === 'not_invited' ? 'Send Invite' : 'Resend Invite'}
          </Button>
        )}
        {children}
        {status === 'suspended' ? (
          <ReinstateButton selection={{ ids: [account.id] }} count={1} disabled={pending} onDone={setResult} />
        ) : (
          <SuspendDialog selection={{ ids: [account.id] }} count={1} disabled={pending} onDone={setResult} />
        )}
        <ConfirmDialog
          trigger={
            <Button variant="danger" disabled={pending}>
              Delete
            </Button>
          }
          title={`Delete ${name}?`}
          description="The account's number goes back to its organization's pool and its invitations stop working. This cannot be undone."
          confirmLabel="Delete account"
          onConfirm={deleteAccount}
        />
      </div>
      {status === 'active' && (
        <p id={activeNoteId} className="mt-2 text-sm text-slate-600">
          An Active account&apos;s name, email and device # cannot be changed.
        </p>
      )}
      <div className="mt-2">
        <ActionStatus result={result} />
      </div>
    </div>
  );
}
