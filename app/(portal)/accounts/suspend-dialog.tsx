'use client';

import { useTransition } from 'react';
import { actionResult } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import type { AccountSelection } from '@/lib/accounts/account-selection-schema';
import { accountsCount, WorkingOn } from './select-all-matching';
import { ConfirmDialog } from '@/app/_components/ui/confirm-dialog';
import { suspendAccountsAction } from './actions';

/**
 * **Suspend**, confirmed in a dialog, for a selection of accounts (the Accounts toolbar's selection, or
 * one account on its page). The result goes to `onDone`.
 */
export function SuspendDialog({
  selection,
  count,
  disabled,
  onDone,
}: {
  selection: AccountSelection;
  /** How many accounts the selection holds (all matching: as the page counted them). */
  count: number;
  disabled?: boolean;
  onDone: (result: { ok: boolean; message: string }) => void;
}) {
  const [pending, startTransition] = useTransition();
  function suspend() {
    startTransition(async () => {
      onDone(actionResult(await suspendAccountsAction(selection)));
    });
  }
  return (
    <>
      <ConfirmDialog
        trigger={
          <Button variant="danger" disabled={disabled || pending || count === 0}>
            Suspend
          </Button>
        }
        title={`Suspend ${accountsCount(count)}?`}
        description="Their current invitations stop working, and they cannot activate or reinstall MultiLine until they are reinstated. They keep their numbers."
        confirmLabel="Suspend accounts"
        onConfirm={suspend}
      />
      <WorkingOn pending={pending} label={`Suspending ${accountsCount(count)}`} />
    </>
  );
}
