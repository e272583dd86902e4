'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useId, useState, useTransition } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { Button, buttonClasses } from '@/app/_components/ui/button';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import { OrganizationOptions } from '@/app/_components/organization-options';
import {
  type AddNumbersInput,
  type AddNumbersValues,
  addNumbersSchema,
  MAX_NUMBERS_PER_REQUEST,
} from '@/lib/numbers/add-numbers-schema';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { addNumbersAction } from './actions';

const cap = MAX_NUMBERS_PER_REQUEST.toLocaleString('en-US');

/** Add numbers: a pasted list or a range, into one organization, with an optional tag. */
export function AddNumbersDialog({
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
        <Button variant="primary">Add numbers</Button>
      </Dialog.Trigger>
      <ModalDialog
        title="Add numbers"
        description={`Paste a list or give a range, up to ${cap} at a time. If any number is invalid or exists already, nothing is added and every problem is listed.`}
        width="w-[34rem]"
        scrollable
      >
        <AddNumbersForm
          organizations={organizations}
          defaultOrganizationId={defaultOrganizationId}
          onDone={(message) => {
            setOpen(false);
            onDone(message);
          }}
        />
      </ModalDialog>
    </Dialog.Root>
  );
}

function AddNumbersForm({
  organizations,
  defaultOrganizationId,
  onDone,
}: {
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [submitting, startSubmit] = useTransition();
  const form = useForm<AddNumbersInput, unknown, AddNumbersValues>({
    resolver: zodResolver(addNumbersSchema),
    defaultValues: {
      organizationId: organizations.some((o) => o.id === defaultOrganizationId)
        ? defaultOrganizationId
        : organizations[0]?.id,
      tag: '',
      mode: 'range',
      list: '',
      first: '',
      count: '',
      last: '',
    },
  });
  const { register, handleSubmit, setError, watch, formState } = form;
  const mode = watch('mode');
  const errors = formState.errors;

  const submit = handleSubmit((values) => {
    setFormError(null);
    setProblems([]);
    startSubmit(async () => {
      const res = await addNumbersAction(values);
      if (res.ok) {
        form.reset({ ...form.getValues(), list: '', first: '', count: '', last: '' });
        onDone(res.message ?? 'Numbers added.');
        return;
      }
      setFormError(res.message);
      setProblems(res.fieldErrors?.problems ?? []);
      for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
        if (field !== 'problems' && messages?.[0]) {
          setError(field as FieldPath<AddNumbersInput>, { message: messages[0] });
        }
      }
    });
  });

  const describedBy = (name: string, hint?: string) =>
    [errors[name as keyof typeof errors] ? `${id}-${name}-error` : null, hint].filter(Boolean).join(' ') || undefined;
  const error = (name: keyof typeof errors) =>
    errors[name] && (
      <p id={`${id}-${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]?.message}
      </p>
    );

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="mt-4 space-y-4">
      <div>
        <label htmlFor={`${id}-organizationId`} className="block text-sm font-medium">
          Organization
        </label>
        <select
          id={`${id}-organizationId`}
          className={inputClasses}
          aria-invalid={errors.organizationId ? true : undefined}
          aria-describedby={describedBy('organizationId')}
          {...register('organizationId')}
        >
          <OrganizationOptions organizations={organizations} />
        </select>
        {error('organizationId')}
      </div>
      <div>
        <label htmlFor={`${id}-tag`} className="block text-sm font-medium">
          Tag (optional)
        </label>
        <input
          id={`${id}-tag`}
          autoComplete="off"
          placeholder="e.g. PORTED"
          className={`${inputClasses} uppercase`}
          aria-invalid={errors.tag ? true : undefined}
          aria-describedby={describedBy('tag')}
          {...register('tag')}
        />
        {error('tag')}
      </div>

      <fieldset>
        <legend className="text-sm font-medium">Numbers</legend>
        <div className="mt-1 flex gap-4 text-sm">
          <label className="flex items-center gap-1">
            <input type="radio" value="range" {...register('mode')} /> A range
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" value="list" {...register('mode')} /> A pasted list
          </label>
        </div>
      </fieldset>

      {mode === 'list' ? (
        <div>
          <label htmlFor={`${id}-list`} className="block text-sm font-medium">
            Numbers to add
          </label>
          <textarea
            id={`${id}-list`}
            rows={8}
            className={`${inputClasses} font-mono`}
            aria-invalid={errors.list ? true : undefined}
            aria-describedby={describedBy('list', `${id}-list-hint`)}
            {...register('list')}
          />
          <p id={`${id}-list-hint`} className="mt-1 text-xs text-slate-600">
            One a line, or separated by commas. National numbers are read in your tenant’s country.
          </p>
          {error('list')}
        </div>
      ) : (
        <div className="grid grid-cols-3 gap-3">
          <div className="col-span-3">
            <label htmlFor={`${id}-first`} className="block text-sm font-medium">
              First number
            </label>
            <input
              id={`${id}-first`}
              autoComplete="off"
              inputMode="tel"
              placeholder="e.g. +1 646 555 0100"
              className={inputClasses}
              aria-invalid={errors.first ? true : undefined}
              aria-describedby={describedBy('first')}
              {...register('first')}
            />
            {error('first')}
          </div>
          <div>
            <label htmlFor={`${id}-count`} className="block text-sm font-medium">
              How many
            </label>
            <input
              id={`${id}-count`}
              inputMode="numeric"
              autoComplete="off"
              className={inputClasses}
              aria-invalid={errors.count ? true : undefined}
              aria-describedby={describedBy('count')}
              {...register('count')}
            />
            {error('count')}
          </div>
          <div className="col-span-2">
            <label htmlFor={`${id}-last`} className="block text-sm font-medium">
              or Last number
            </label>
            <input
              id={`${id}-last`}
              autoComplete="off"
              inputMode="tel"
              className={inputClasses}
              aria-invalid={errors.last ? true : undefined}
              aria-describedby={describedBy('last')}
              {...register('last')}
            />
            {error('last')}
          </div>
        </div>
      )}

      <div role="alert" className="min-h-5 text-sm text-red-700">
        {formError}
        {problems.length > 0 && (
          <ul aria-label="Problems" className="mt-1 max-h-48 list-disc overflow-y-auto pl-5">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex justify-end gap-2">
        <Dialog.Close className={buttonClasses('secondary')}>Cancel</Dialog.Close>
        <Button type="submit" variant="primary" disabled={submitting}>
          Add numbers
        </Button>
      </div>
    </form>
  );
}
