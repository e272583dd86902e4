'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useId, useState, useTransition } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { Button, buttonClasses } from '@/app/_components/ui/button';
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
    <div>
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        className={inputClasses}
        autoComplete="off"
        placeholder={hint}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        {...register(name)}
      />
      {errors[name] && (
        <p id={`${id}-${name}-error`} className="mt-1 text-sm text-red-700">
          {errors[name]?.message}
        </p>
      )}
    </div>
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
        <form noValidate onSubmit={submit} className="mt-4 space-y-4">
          <div>
            <label htmlFor={`${id}-parent`} className="block text-sm font-medium">
              Parent organization
            </label>
            <select
              id={`${id}-parent`}
              className={inputClasses}
              aria-invalid={errors.parentId ? true : undefined}
              aria-describedby={errors.parentId ? `${id}-parent-error` : undefined}
              {...register('parentId')}
            >
              <OrganizationOptions organizations={organizations} />
            </select>
            {errors.parentId && (
              <p id={`${id}-parent-error`} className="mt-1 text-sm text-red-700">
                {errors.parentId.message}
              </p>
            )}
          </div>
          {field('name', 'Name')}
          {field('code', 'Code', 'e.g. 2004')}
          <div role="alert" className="min-h-5 text-sm text-red-700">
            {formError}
          </div>
          <div className="flex justify-end gap-2">
            <Dialog.Close className={buttonClasses('secondary')}>Cancel</Dialog.Close>
            <Button type="submit" variant="primary" disabled={submitting}>
              Create
            </Button>
          </div>
        </form>
      </ModalDialog>
    </Dialog.Root>
  );
}
