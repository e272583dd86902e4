'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState, useTransition } from 'react';
import { type FieldPath, type UseFormRegisterReturn, useForm, useWatch } from 'react-hook-form';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField, type FieldErrorLike } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import type { AddAccountOptions } from '@/lib/accounts/add-account-options';
import { type AddAccountInput, type AddAccountValues, addAccountSchema } from '@/lib/accounts/add-account-schema';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { addAccountAction } from './actions';
import { NumberPicker } from './number-picker';
import { preferredGroupId, useAddAccountOptions } from './use-add-account-options';

/** Add Account, tab "Single Account" (docs/product.md#add-account-single): one user, Save or Invite. */
export function SingleAccountForm({
  organizations,
  defaultOrganizationId,
  onDone,
}: {
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [pickerOpen, setPickerOpen] = useState(false);
  const { form, options, optionsError, search, setSearch, chooseOrganization } = useAccountForm(defaultOrganizationId);
  const { submit, submitting, formError } = useSubmitAccount(form, onDone, () => setPickerOpen(true));
  const { register, formState } = form;
  const errors = formState.errors;
  const numberValue = useWatch({ control: form.control, name: 'number' });
  const field = (name: 'firstName' | 'lastName' | 'contact', label: string, extra: Record<string, string> = {}) => (
    <FormField id={`${id}-${name}`} label={label} error={errors[name]}>
      {(control) => <input className={inputClasses} {...control} {...extra} {...register(name)} />}
    </FormField>
  );

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit('invite');
      }}
      className="space-y-4"
    >
      <OrganizationField
        id={`${id}-org`}
        organizations={organizations}
        field={register('organizationId')}
        current={() => form.getValues('organizationId')}
        onChosen={chooseOrganization}
        error={optionsError}
      />
      <div className="grid grid-cols-2 gap-3">
        {field('firstName', 'First Name', { autoComplete: 'off' })}
        {field('lastName', 'Last Name', { autoComplete: 'off' })}
      </div>
      {field('contact', 'Email or Device #', { autoComplete: 'off', inputMode: 'email' })}

      <div>
        <NumberPicker
          id={id}
          open={pickerOpen}
          onOpen={() => setPickerOpen(true)}
          search={search}
          onSearch={setSearch}
          options={options}
          value={numberValue}
          error={errors.number}
          field={register('number')}
        />
      </div>

      <GroupField
        id={`${id}-group`}
        groups={options?.groups}
        error={errors.permissionGroupId}
        field={register('permissionGroupId')}
      />

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

/** The organization select; `onChosen` runs when another organization is chosen (the same again changes nothing). */
function OrganizationField({
  id,
  organizations,
  field,
  current,
  onChosen,
  error,
}: {
  id: string;
  organizations: OrganizationOption[];
  field: UseFormRegisterReturn<'organizationId'>;
  current: () => string;
  onChosen: () => void;
  /** The options could not be loaded. */
  error: string | null;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        Organization
      </label>
      <select
        id={id}
        className={inputClasses}
        {...field}
        onChange={(event) => {
          const changed = event.target.value !== current();
          void field.onChange(event);
          if (changed) onChosen();
        }}
      >
        <OrganizationOptions organizations={organizations} />
      </select>
      {error && <p className="mt-1 text-sm text-red-700">{error}</p>}
    </div>
  );
}

/** The User Permissions select: the chosen organization's groups (none while they are on their way). */
function GroupField({
  id,
  groups,
  error,
  field,
}: {
  id: string;
  groups: AddAccountOptions['groups'] | undefined;
  error: FieldErrorLike;
  field: UseFormRegisterReturn<'permissionGroupId'>;
}) {
  return (
    <FormField id={id} label="User Permissions" error={error}>
      {(control) => (
        <select className={inputClasses} {...control} {...field}>
          {groups?.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

/**
 * The form, validated with the shared schema in the tenant's country (a device # is read in it), and
 * the chosen organization's options; a group the organization lacks gives way to its default.
 */
function useAccountForm(defaultOrganizationId: string) {
  const [country, setCountry] = useState('US');
  // The search of the available numbers (Assign Number).
  const [search, setSearch] = useState('');
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
  const organizationId = useWatch({ control: form.control, name: 'organizationId' });
  const { options, error } = useAddAccountOptions(organizationId, search, (loaded: AddAccountOptions) => {
    setCountry(loaded.defaultCountry);
    if (!loaded.groups.some((g) => g.id === form.getValues('permissionGroupId'))) {
      form.setValue('permissionGroupId', preferredGroupId(loaded));
    }
  });
  // Another organization: until its options arrive, nothing of the old one may be submitted.
  function chooseOrganization() {
    form.setValue('permissionGroupId', '');
    form.setValue('number', '');
    setSearch('');
  }
  return { form, options, optionsError: error, search, setSearch, chooseOrganization };
}

type AccountForm = ReturnType<typeof useAccountForm>['form'];

/** Save or Invite: the server's field errors land on their fields (a number's opens the picker). */
function useSubmitAccount(form: AccountForm, onDone: (message: string) => void, onNumberError: () => void) {
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();

  function submit(intent: 'save' | 'invite') {
    form.setValue('intent', intent);
    return form.handleSubmit((values) => {
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
          if (messages?.[0]) form.setError(field as FieldPath<AddAccountInput>, { message: messages[0] });
        }
        if (res.fieldErrors?.number) onNumberError();
      });
    })();
  }

  return { submit, submitting, formError };
}
