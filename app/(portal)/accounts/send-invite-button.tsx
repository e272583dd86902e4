'use client';

import { useTransition } from 'react';
import { actionResult } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import type { AccountSelection } from '@/lib/accounts/account-selection-schema';
import { accountsCount, WorkingOn } from './select-all-matching';
import { resendInvitesAction, sendInvitesAction } from './actions';

type Done = (result: { ok: boolean; message: string }) => void;

/**
 * **Send Invite** (the first invitation of accounts saved without one) or **Resend Invite**, for the
 * given account ids: the Accounts toolbar and the account page place it. The result goes to `onDone`.
 */
export function InviteButton({
  selection,
  count,
  first,
  disabled,
  onDone,
}: {
  selection: AccountSelection;
  /** How many accounts the selection holds (all matching: as the page counted them). */
  count: number;
  /** Send Invite; otherwise Resend Invite. */
  first: boolean;
  disabled?: boolean;
  onDone: Done;
}) {
  const [pending, startTransition] = useTransition();
  function send() {
    startTransition(async () => {
      const res = await (first ? sendInvitesAction : resendInvitesAction)(selection);
      onDone(actionResult(res));
    });
  }
  return (
    <>
      <Button disabled={disabled || pending || count === 0} onClick={send}>
        {first ? 'Send Invite' : 'Resend Invite'}
      </Button>
      <WorkingOn
        pending={pending}
        label={`${first ? 'Sending' : 'Resending'} invitations to ${accountsCount(count)}`}
      />
    </>
  );
}
