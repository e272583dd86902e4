'use client';

import { useTransition } from 'react';
import { actionResult } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import type { AccountSelection } from '@/lib/accounts/account-selection-schema';
import { accountsCount, WorkingOn } from './select-all-matching';
import { reinstateAccountsAction } from './actions';

/**
 * **Reinstate** for a selection of accounts (the Accounts toolbar's selection, or one account on its
 * page): Suspended accounts return to Active, or to Not invited when never activated. The result,
 * or the headroom refusal, goes to `onDone`.
 */
export function ReinstateButton({
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
  function reinstate() {
    startTransition(async () => {
      onDone(actionResult(await reinstateAccountsAction(selection)));
    });
  }
  return (
    <>
      <Button disabled={disabled || pending || count === 0} onClick={reinstate}>
        Reinstate
      </Button>
      <WorkingOn pending={pending} label={`Reinstating ${accountsCount(count)}`} />
    </>
  );
}
