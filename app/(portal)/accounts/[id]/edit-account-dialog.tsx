'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useId, useMemo, useState, useTransition } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import {
  type UpdateAccountInput,
  updateAccountSchema,
  type UpdateAccountValues,
} from '@/lib/accounts/update-account-schema';
import { updateAccountAction } from './actions';

/** What the Edit form starts from: the account as the page shows it. */
export interface EditableAccount {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  deviceNumber: string | null;
  /** The tenant's country, in which a device # in national format is read. */
  defaultCountry: string;
}

/**
 * Edit on the account page: the name, email or device # of an account that is not Active, validated
 * with the same schema in the browser and on the server. The server's field errors (an email or
 * device # already in use) land on their fields; focus returns to **Edit** when the dialog closes.
 */
export function EditAccountDialog({
  account,
  disabled,
  describedBy,
  onDone,
}: {
  account: EditableAccount;
  disabled: boolean;
  describedBy?: string;
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button disabled={disabled} aria-describedby={describedBy}>
          Edit
        </Button>
      </Dialog.Trigger>
      <ModalDialog
        title="Edit account"
        description="A new email or device # voids the current invitation until the next one is sent."
        width="w-[32rem]"
      >
        {open && (
          <EditAccountForm
            account={account}
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

function EditAccountForm({ account, onDone }: { account: EditableAccount; onDone: (message: string) => void }) {
  const id = useId();
  const schema = useMemo(() => updateAccountSchema(account.defaultCountry), [account.defaultCountry]);
  const form = useForm<UpdateAccountInput, unknown, UpdateAccountValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      accountId: account.id,
      firstName: account.firstName,
      lastName: account.lastName,
      email: account.email ?? '',
      deviceNumber: account.deviceNumber ?? '',
    },
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();
  const { errors } = form.formState;

  const submit = form.handleSubmit(() => {
    setFormError(null);
    startSubmit(async () => {
      // The form's values as typed: the server reads them again in the tenant's country.
      const res = await updateAccountAction(form.getValues());
      if (res.ok) {
        onDone(res.message ?? 'The account was updated.');
        return;
      }
      setFormError(res.message);
      for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
        if (messages?.[0]) form.setError(field as FieldPath<UpdateAccountInput>, { message: messages[0] });
      }
    });
  });

  const field = (name: 'firstName' | 'lastName' | 'email' | 'deviceNumber', label: string, extra = {}) => (
    <FormField id={`${id}-${name}`} label={label} error={errors[name]}>
      {(control) => (
        <input className={inputClasses} autoComplete="off" {...control} {...extra} {...form.register(name)} />
      )}
    </FormField>
  );

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="mt-4 space-y-4">
      <div className="grid grid-cols-2 gap-3">
        {field('firstName', 'First Name')}
        {field('lastName', 'Last Name')}
      </div>
      {field('email', 'Email', { inputMode: 'email' })}
      {field('deviceNumber', 'Device #', { inputMode: 'tel' })}
      <p className="text-sm text-slate-600">
        An email or a device # (or both); the invitation goes to the email if there is one.
      </p>
      <FormAlert>{formError}</FormAlert>
      <DialogFormButtons>
        <Button type="submit" variant="primary" disabled={submitting}>
          Save
        </Button>
      </DialogFormButtons>
    </form>
  );
}
