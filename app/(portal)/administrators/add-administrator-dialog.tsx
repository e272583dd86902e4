'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useId, useState, useTransition } from 'react';
import { type FieldPath, useForm, useWatch } from 'react-hook-form';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import {
  type AddAdministratorInput,
  type AddAdministratorValues,
  addAdministratorSchema,
  ROLE_LABELS,
} from '@/lib/administrators/administrator-schemas';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { addAdministratorAction } from './actions';

/**
 * Add Administrator (docs/product.md#administrators): email, name, role, organization in scope. An admin can
 * add admins only; an owner also owners, who belong to the root organization (the organization list narrows
 * to it).
 */
export function AddAdministratorDialog(props: {
  organizations: OrganizationOption[];
  canAddOwners: boolean;
  rootOrganizationId: string | null;
  defaultOrganizationId: string;
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button variant="primary">Add Administrator</Button>
      </Dialog.Trigger>
      <ModalDialog
        title="Add Administrator"
        description="They receive an email with a link to set their password, then sign in."
        width="w-[30rem]"
        scrollable
      >
        <AddAdministratorForm
          {...props}
          onDone={(message) => {
            setOpen(false);
            props.onDone(message);
          }}
        />
      </ModalDialog>
    </Dialog.Root>
  );
}

function AddAdministratorForm({
  organizations,
  canAddOwners,
  rootOrganizationId,
  defaultOrganizationId,
  onDone,
}: {
  organizations: OrganizationOption[];
  canAddOwners: boolean;
  rootOrganizationId: string | null;
  defaultOrganizationId: string;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    control: formControl,
    formState,
  } = useForm<AddAdministratorInput, unknown, AddAdministratorValues>({
    resolver: zodResolver(addAdministratorSchema),
    defaultValues: { email: '', name: '', role: 'admin', organizationId: defaultOrganizationId },
  });
  const role = useWatch({ control: formControl, name: 'role' });
  const choices =
    role === 'owner' && rootOrganizationId ? organizations.filter((o) => o.id === rootOrganizationId) : organizations;
  const errors = formState.errors;

  const submit = handleSubmit((values) => {
    setFormError(null);
    startSubmit(async () => {
      const res = await addAdministratorAction(values);
      if (res.ok) {
        onDone(res.message ?? 'Administrator added.');
        return;
      }
      setFormError(res.message);
      for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
        if (messages?.[0]) setError(field as FieldPath<AddAdministratorInput>, { message: messages[0] });
      }
    });
  });

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="mt-4 space-y-4">
      <FormField id={`${id}-email`} label="Email" error={errors.email}>
        {(control) => (
          <input type="email" autoComplete="off" className={inputClasses} {...control} {...register('email')} />
        )}
      </FormField>
      <FormField id={`${id}-name`} label="Name" error={errors.name}>
        {(control) => <input autoComplete="off" className={inputClasses} {...control} {...register('name')} />}
      </FormField>
      <FormField id={`${id}-role`} label="Role" error={errors.role}>
        {(control) => (
          <select
            className={inputClasses}
            {...control}
            {...register('role', {
              onChange: (e: { target: { value: string } }) => {
                if (e.target.value === 'owner' && rootOrganizationId) setValue('organizationId', rootOrganizationId);
              },
            })}
          >
            <option value="admin">{ROLE_LABELS.admin}: their organization and everything below it</option>
            {canAddOwners && <option value="owner">{ROLE_LABELS.owner}: the whole tenant</option>}
          </select>
        )}
      </FormField>
      <FormField
        id={`${id}-org`}
        label="Organization"
        error={errors.organizationId}
        errorId={`${id}-organizationId-error`}
      >
        {(control) => (
          <select className={inputClasses} {...control} {...register('organizationId')}>
            <OrganizationOptions organizations={choices} />
          </select>
        )}
      </FormField>
      <FormAlert>{formError}</FormAlert>
      <DialogFormButtons>
        <Button type="submit" variant="primary" disabled={submitting}>
          Invite
        </Button>
      </DialogFormButtons>
    </form>
  );
}
