'use client';

import { useTransition } from 'react';
import { actionResult } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import { ConfirmDialog } from '@/app/_components/ui/confirm-dialog';
import { suspendAccountsAction } from './actions';

const accountsNoun = (n: number) => `${n} ${n === 1 ? 'account' : 'accounts'}`;

/**
 * **Suspend**, confirmed in a dialog, for the given account ids (the Accounts toolbar's selection, or
 * one account on its page). The result goes to `onDone`.
 */
export function SuspendDialog({
  ids,
  disabled,
  onDone,
}: {
  ids: string[];
  disabled?: boolean;
  onDone: (result: { ok: boolean; message: string }) => void;
}) {
  const [pending, startTransition] = useTransition();
  function suspend() {
    startTransition(async () => {
      onDone(actionResult(await suspendAccountsAction({ ids })));
    });
  }
  return (
    <ConfirmDialog
      trigger={
        <Button variant="danger" disabled={disabled || pending || ids.length === 0}>
          Suspend
        </Button>
      }
      title={`Suspend ${accountsNoun(ids.length)}?`}
      description="Their current invitations stop working, and they cannot activate or reinstall MultiLine until they are reinstated. They keep their numbers."
      confirmLabel="Suspend accounts"
      onConfirm={suspend}
    />
  );
}
