'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useId, useState, useTransition } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import {
  type CreateOrganizationInput,
  type CreateOrganizationValues,
  createOrganizationSchema,
} from '@/lib/organizations/organization-schemas';
import { createOrganizationAction } from './actions';
import { useShowResult } from './organizations-result';

/** Create sub-organization: parent in scope, name (unique among its siblings), code (unique in the company). */
export function AddOrganizationDialog({
  organizations,
  defaultParentId,
}: {
  organizations: OrganizationOption[];
  defaultParentId: string;
}) {
  const id = useId();
  const show = useShowResult();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();
  const form = useForm<CreateOrganizationInput, unknown, CreateOrganizationValues>({
    resolver: zodResolver(createOrganizationSchema),
    defaultValues: { parentId: defaultParentId, name: '', code: '' },
  });
  const { register, handleSubmit, setError, formState } = form;
  const errors = formState.errors;

  const submit = handleSubmit((values) => {
    setFormError(null);
    startSubmit(async () => {
      const res = await createOrganizationAction(values);
      if (res.ok) {
        form.reset({ parentId: values.parentId, name: '', code: '' });
        setOpen(false);
        show({ ok: true, message: res.message ?? 'Organization created.' });
        return;
      }
      setFormError(res.message);
      for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
        if (messages?.[0]) setError(field as FieldPath<CreateOrganizationInput>, { message: messages[0] });
      }
    });
  });

  const field = (name: 'name' | 'code', label: string, hint?: string) => (
    <FormField id={`${id}-${name}`} label={label} error={errors[name]}>
      {(control) => (
        <input className={inputClasses} autoComplete="off" placeholder={hint} {...control} {...register(name)} />
      )}
    </FormField>
  );

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setFormError(null);
      }}
    >
      <Dialog.Trigger asChild>
        <Button variant="primary">Add Sub-organization</Button>
      </Dialog.Trigger>
      <ModalDialog
        title="Add Sub-organization"
        description="It starts with no numbers and one User Permissions group, “default cos for org” and its code."
        width="w-[30rem]"
      >
        <form noValidate onSubmit={(e) => void submit(e)} className="mt-4 space-y-4">
          <FormField id={`${id}-parent`} label="Parent organization" error={errors.parentId}>
            {(control) => (
              <select className={inputClasses} {...control} {...register('parentId')}>
                <OrganizationOptions organizations={organizations} />
              </select>
            )}
          </FormField>
          {field('name', 'Name')}
          {field('code', 'Code', 'e.g. 2004')}
          <FormAlert>{formError}</FormAlert>
          <DialogFormButtons>
            <Button type="submit" variant="primary" disabled={submitting}>
              Create
            </Button>
          </DialogFormButtons>
        </form>
      </ModalDialog>
    </Dialog.Root>
  );
}
