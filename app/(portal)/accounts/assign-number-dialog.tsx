'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useEffect, useEffectEvent, useId, useState, useTransition } from 'react';
import { type FieldPath, useForm, useWatch } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert } from '@/app/_components/ui/form-field';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import type { AssignNumberOptions } from '@/lib/accounts/assign-number';
import {
  type AssignNumberInput,
  type AssignNumberValues,
  assignNumberSchema,
} from '@/lib/accounts/assign-number-schema';
import { formatPhone } from '@/lib/phone';
import { assignNumberAction, assignNumberOptionsAction } from './actions';
import { NumberPicker } from './number-picker';

/**
 * Assign Number (docs/product.md) on one account that is not Active: a number of its organization, a
 * tag (its lowest free number when saved; reserved ones too) or No number. Opened by its own button;
 * `accountId` is null while no single such account is chosen (the button is then disabled). Usable
 * wherever one account is at hand (the Accounts toolbar, an account's page).
 */
export function AssignNumberDialog({
  accountId,
  disabled,
  onDone,
}: {
  accountId: string | null;
  disabled: boolean;
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button disabled={disabled || !accountId}>Assign Number</Button>
      </Dialog.Trigger>
      <ModalDialog
        title="Assign Number"
        description="Choose a number or a tag, or No number: the user then chooses one at activation."
        width="w-[32rem]"
        scrollable
      >
        {open && accountId && (
          <AssignNumberForm
            accountId={accountId}
            onDone={(message) => {
              setOpen(false);
              onDone(message);
            }}
          />
        )}
      </ModalDialog>
    </Dialog.Root>
  );
}

function AssignNumberForm({ accountId, onDone }: { accountId: string; onDone: (message: string) => void }) {
  const id = useId();
  const [search, setSearch] = useState('');
  const form = useForm<AssignNumberInput, unknown, AssignNumberValues>({
    resolver: zodResolver(assignNumberSchema),
    defaultValues: { accountId, number: '' },
  });
  const { options, error: loadError } = useAssignNumberOptions(accountId, search, (loaded) => {
    // The current number is preselected (until another is chosen), so that Assign alone changes nothing.
    if (!form.formState.isDirty) form.reset({ accountId, number: loaded.account.number ?? '' });
  });
  const value = useWatch({ control: form.control, name: 'number' });
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();

  const submit = form.handleSubmit((values) => {
    setFormError(null);
    startSubmit(async () => {
      const res = await assignNumberAction(values);
      if (res.ok) {
        onDone(res.message ?? 'Number assigned.');
        return;
      }
      setFormError(res.message);
      for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
        if (messages?.[0]) form.setError(field as FieldPath<AssignNumberInput>, { message: messages[0] });
      }
    });
  });

  return (
    <form
      noValidate
      className="mt-4 space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <CurrentNumber account={options?.account} loadError={loadError} />
      <NumberPicker
        id={id}
        open
        onOpen={() => undefined}
        search={search}
        onSearch={setSearch}
        options={options}
        value={value}
        error={form.formState.errors.number}
        field={form.register('number')}
      />
      <FormAlert>{formError}</FormAlert>
      <DialogFormButtons>
        <Button type="submit" variant="primary" disabled={submitting || !options}>
          Assign
        </Button>
      </DialogFormButtons>
    </form>
  );
}

/** Whose number this is and what it is now. */
function CurrentNumber({ account, loadError }: { account?: AssignNumberOptions['account']; loadError: string | null }) {
  if (loadError) return <p className="text-sm text-red-700">{loadError}</p>;
  if (!account) return <p className="text-sm text-slate-600">Loading…</p>;
  const number = account.number ? (formatPhone(account.number) ?? account.number) : null;
  return (
    <p className="text-sm">
      <span className="font-medium">{account.name}</span>:{' '}
      {number ? `${number}${account.tag ? ` (${account.tag})` : ''}` : 'no number'}
    </p>
  );
}

/**
 * The account and its organization's choices, asked of the server when the dialog opens and whenever
 * the search changes (typing waits 250 ms); a new search keeps the previous list meanwhile.
 */
function useAssignNumberOptions(
  accountId: string,
  search: string,
  onLoaded: (options: AssignNumberOptions) => void,
): { options: AssignNumberOptions | null; error: string | null } {
  const [options, setOptions] = useState<AssignNumberOptions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadedEvent = useEffectEvent(onLoaded);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(
      () =>
        void assignNumberOptionsAction({ accountId, search: search || undefined }).then((res) => {
          if (!current) return;
          if (!res.ok) {
            setError(res.message);
            return;
          }
          setError(null);
          setOptions(res.data);
          loadedEvent(res.data);
        }),
      search ? 250 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [accountId, search]);

  return { options, error };
}
