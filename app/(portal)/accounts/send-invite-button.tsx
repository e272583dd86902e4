'use client';

import { useTransition } from 'react';
import { actionResult } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import { resendInvitesAction, sendInvitesAction } from './actions';

type Done = (result: { ok: boolean; message: string }) => void;

/**
 * **Send Invite** (the first invitation of accounts saved without one) or **Resend Invite**, for the
 * given account ids: the Accounts toolbar and the account page place it. The result goes to `onDone`.
 */
export function InviteButton({
  ids,
  first,
  disabled,
  onDone,
}: {
  ids: string[];
  /** Send Invite; otherwise Resend Invite. */
  first: boolean;
  disabled?: boolean;
  onDone: Done;
}) {
  const [pending, startTransition] = useTransition();
  function send() {
    startTransition(async () => {
      const res = await (first ? sendInvitesAction : resendInvitesAction)({ ids });
      onDone(actionResult(res));
    });
  }
  return (
    <Button disabled={disabled || pending || ids.length === 0} onClick={send}>
      {first ? 'Send Invite' : 'Resend Invite'}
    </Button>
  );
}
