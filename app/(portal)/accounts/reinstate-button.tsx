'use client';

import { useTransition } from 'react';
import { actionResult } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import { reinstateAccountsAction } from './actions';

/**
 * **Reinstate** for the given account ids (the Accounts toolbar's selection, or one account on its
 * page): Suspended accounts return to Active, or to Not invited when never activated. The result,
 * or the headroom refusal, goes to `onDone`.
 */
export function ReinstateButton({
  ids,
  disabled,
  onDone,
}: {
  ids: string[];
  disabled?: boolean;
  onDone: (result: { ok: boolean; message: string }) => void;
}) {
  const [pending, startTransition] = useTransition();
  function reinstate() {
    startTransition(async () => {
      onDone(actionResult(await reinstateAccountsAction({ ids })));
    });
  }
  return (
    <Button disabled={disabled || pending || ids.length === 0} onClick={reinstate}>
      Reinstate
    </Button>
  );
}
