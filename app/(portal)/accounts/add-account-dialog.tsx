'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog, Tabs } from 'radix-ui';
import { useEffect, useId, useMemo, useRef, useState, useTransition } from 'react';
import { type FieldPath, useForm, useWatch } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import {
  DialogFormButtons,
  FieldError,
  FormAlert,
  FormField,
  fieldControlProps,
} from '@/app/_components/ui/form-field';
import type { AddAccountOptions } from '@/lib/accounts/add-account-options';
import { type AddAccountInput, type AddAccountValues, addAccountSchema } from '@/lib/accounts/add-account-schema';
import { OrganizationOptions } from '@/app/_components/organization-options';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { formatPhone } from '@/lib/phone';
import { addAccountAction, addAccountOptionsAction } from './actions';
import { MultipleAccountsForm } from './multiple-accounts-form';

/**
 * Add Account: the dialog, tabs "Single Account" (docs/product.md#add-account-single) and "Multiple
 * Accounts" (docs/product.md#add-account-multiple).
 */
export function AddAccountDialog({
  organizations,
  defaultOrganizationId,
  onDone,
}: {
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button variant="primary">Add Account</Button>
      </Dialog.Trigger>
      <ModalDialog
        title="Add Account"
        description="Add a MultiLine user, assign a number, and send the invitation."
        hideDescription
        width="w-[40rem]"
        scrollable
      >
        <Tabs.Root defaultValue="single" className="mt-3">
          <Tabs.List aria-label="How to add" className="mb-4 flex gap-1 border-b border-slate-200">
            <Tabs.Trigger
              value="single"
              className="-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm data-[state=active]:border-brand-600 data-[state=active]:font-medium"
            >
              Single Account
            </Tabs.Trigger>
            <Tabs.Trigger
              value="multiple"
              className="-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm data-[state=active]:border-brand-600 data-[state=active]:font-medium"
            >
              Multiple Accounts
            </Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="single">
            <SingleAccountForm
              organizations={organizations}
              defaultOrganizationId={defaultOrganizationId}
              onDone={(message) => {
                setOpen(false);
                onDone(message);
              }}
            />
          </Tabs.Content>
          <Tabs.Content value="multiple">
            <MultipleAccountsForm organizations={organizations} defaultOrganizationId={defaultOrganizationId} />
          </Tabs.Content>
        </Tabs.Root>
      </ModalDialog>
    </Dialog.Root>
  );
}

function SingleAccountForm({
  organizations,
  defaultOrganizationId,
  onDone,
}: {
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [options, setOptions] = useState<AddAccountOptions | null>(null);
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();
  const country = options?.defaultCountry ?? 'US';
  const schema = useMemo(() => addAccountSchema(country), [country]);
  const form = useForm<AddAccountInput, unknown, AddAccountValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      organizationId: defaultOrganizationId,
      firstName: '',
      lastName: '',
      contact: '',
      number: '',
      permissionGroupId: '',
      intent: 'invite',
    },
  });
  const { register, handleSubmit, setValue, setError, formState } = form;
  const organizationId = useWatch({ control: form.control, name: 'organizationId' });

  // The organization's groups, tags and numbers; the number search asks the server again.
  const chosenOrganization = useRef(defaultOrganizationId);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(
      () =>
        void addAccountOptionsAction({ organizationId, search: search || undefined }).then((res) => {
          if (!current) return;
          if (!res.ok) {
            setOptionsError(res.message);
            return;
          }
          setOptionsError(null);
          setOptions(res.data);
          const group = form.getValues('permissionGroupId');
          if (!res.data.groups.some((g) => g.id === group)) {
            setValue('permissionGroupId', res.data.groups.find((g) => g.isDefault)?.id ?? res.data.groups[0]?.id ?? '');
          }
        }),
      search ? 250 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [organizationId, search, form, setValue]);

  function submit(intent: 'save' | 'invite') {
    setValue('intent', intent);
    return handleSubmit((values) => {
      setFormError(null);
      startSubmit(async () => {
        const res = await addAccountAction(values);
        if (res.ok) {
          form.reset({ ...form.getValues(), firstName: '', lastName: '', contact: '', number: '' });
          onDone(res.message ?? 'Account added.');
          return;
        }
        setFormError(res.message);
        for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
          if (messages?.[0]) setError(field as FieldPath<AddAccountInput>, { message: messages[0] });
        }
        if (res.fieldErrors?.number) setPickerOpen(true);
      });
    })();
  }

  const errors = formState.errors;
  const field = (name: 'firstName' | 'lastName' | 'contact', label: string, extra: Record<string, string> = {}) => (
    <FormField id={`${id}-${name}`} label={label} error={errors[name]}>
      {(control) => <input className={inputClasses} {...control} {...extra} {...register(name)} />}
    </FormField>
  );

  const numberValue = useWatch({ control: form.control, name: 'number' });
  const organizationField = register('organizationId');
  function chooseOrganization(chosen: string) {
    // Choosing the organization already chosen changes nothing (its options stay).
    if (chosen === chosenOrganization.current) return;
    chosenOrganization.current = chosen;
    // Until the new organization's options arrive, nothing of the old one may be submitted.
    setOptions(null);
    setValue('permissionGroupId', '');
    setValue('number', '');
    setSearch('');
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit('invite');
      }}
      className="space-y-4"
    >
      <div>
        <label htmlFor={`${id}-org`} className="block text-sm font-medium">
          Organization
        </label>
        <select
          id={`${id}-org`}
          className={inputClasses}
          {...organizationField}
          onChange={(event) => {
            void organizationField.onChange(event);
            chooseOrganization(event.target.value);
          }}
        >
          <OrganizationOptions organizations={organizations} />
        </select>
        {optionsError && <p className="mt-1 text-sm text-red-700">{optionsError}</p>}
      </div>
      <div className="grid grid-cols-2 gap-3">
        {field('firstName', 'First Name', { autoComplete: 'off' })}
        {field('lastName', 'Last Name', { autoComplete: 'off' })}
      </div>
      {field('contact', 'Email or Device #', { autoComplete: 'off', inputMode: 'email' })}

      <div>
        {!pickerOpen ? (
          <button
            type="button"
            className="text-sm text-brand-600 underline"
            aria-expanded={false}
            onClick={() => setPickerOpen(true)}
          >
            Assign Number
          </button>
        ) : (
          <fieldset className="rounded-md border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium">Assign Number</legend>
            <label htmlFor={`${id}-search`} className="block text-xs text-slate-600">
              Search available numbers
            </label>
            <input
              id={`${id}-search`}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Digits, e.g. 0127"
              className={inputClasses}
            />
            <label htmlFor={`${id}-number`} className="mt-2 block text-sm font-medium">
              Number or tag
            </label>
            <select
              className={inputClasses}
              {...fieldControlProps(`${id}-number`, errors.number)}
              {...register('number')}
            >
              <option value="">No number (the user chooses at activation)</option>
              {options && options.tags.length > 0 && (
                <optgroup label="Tags">
                  {options.tags.map((t) => (
                    <option key={t.tag} value={`tag:${t.tag}`}>
                      {t.tag} ({t.available} available)
                    </option>
                  ))}
                </optgroup>
              )}
              {options && (
                <optgroup label={options.numbers.length > 0 ? 'Available numbers' : 'No available numbers match'}>
                  {options.numbers.map((n) => (
                    <option key={n.e164} value={n.e164}>
                      {formatPhone(n.e164)}
                      {n.tag ? ` (${n.tag})` : ''}
                    </option>
                  ))}
                  {numberValue &&
                    numberValue.startsWith('+') &&
                    !options.numbers.some((n) => n.e164 === numberValue) && (
                      <option value={numberValue}>{formatPhone(numberValue)}</option>
                    )}
                </optgroup>
              )}
            </select>
            <FieldError id={`${id}-number`} error={errors.number} />
            {options && !numberValue && (
              <p className="mt-1 text-xs text-slate-600">
                Without a number, this organization can take {Math.max(options.headroom, 0)} more{' '}
                {options.headroom === 1 ? 'account' : 'accounts'}.
              </p>
            )}
          </fieldset>
        )}
      </div>

      <FormField id={`${id}-group`} label="User Permissions" error={errors.permissionGroupId}>
        {(control) => (
          <select className={inputClasses} {...control} {...register('permissionGroupId')}>
            {options?.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </FormField>

      <FormAlert>{formError}</FormAlert>
      <DialogFormButtons>
        <Button type="button" disabled={submitting || !options} onClick={() => void submit('save')}>
          Save
        </Button>
        <Button type="submit" variant="primary" disabled={submitting || !options}>
          Invite
        </Button>
      </DialogFormButtons>
    </form>
  );
}
