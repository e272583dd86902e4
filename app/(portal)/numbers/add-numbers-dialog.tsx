'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useId, useState, useTransition } from 'react';
import { type FieldPath, type UseFormReturn, useForm, useWatch } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField } from '@/app/_components/ui/form-field';
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

const fmt = (n: number) => n.toLocaleString('en-US');
const cap = fmt(MAX_NUMBERS_PER_REQUEST);

/**
 * What an admin (not an owner) sees instead: the button, announced as unavailable and described by
 * the reason, shown beside it. Not `disabled`, which would take it out of the keyboard's reach along
 * with its explanation.
 */
export function AddNumbersOwnersOnly() {
  const id = useId();
  return (
    <>
      <Button
        variant="primary"
        aria-disabled
        aria-describedby={id}
        className="aria-disabled:cursor-not-allowed aria-disabled:opacity-50"
      >
        Add numbers
      </Button>
      <span id={id} className="text-sm text-slate-600">
        Only an owner can add numbers to the inventory.
      </span>
    </>
  );
}

/** Add numbers (owners only): a pasted list or a range, into one organization, with an optional tag. */
export function AddNumbersDialog({
  organizations,
  defaultOrganizationId,
  inventory,
  onDone,
}: {
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
  /** The tenant's numbers and its quota, set by the operator. */
  inventory: { held: number; quota: number };
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
        description={`Paste a list or give a range, up to ${cap} at a time. If any number is invalid or exists already, nothing is added and every problem is listed. Your inventory holds ${fmt(inventory.held)} of the ${fmt(inventory.quota)} numbers your organization may have.`}
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
  const { register, formState } = form;
  const mode = useWatch({ control: form.control, name: 'mode' });
  const errors = formState.errors;
  const { submit, submitting, formError, problems } = useSubmitNumbers(form, onDone);

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="mt-4 space-y-4">
      <FormField id={`${id}-organizationId`} label="Organization" error={errors.organizationId}>
        {(control) => (
          <select className={inputClasses} {...control} {...register('organizationId')}>
            <OrganizationOptions organizations={organizations} />
          </select>
        )}
      </FormField>
      <FormField id={`${id}-tag`} label="Tag (optional)" error={errors.tag}>
        {(control) => (
          <input
            autoComplete="off"
            placeholder="e.g. PORTED"
            className={`${inputClasses} uppercase`}
            {...control}
            {...register('tag')}
          />
        )}
      </FormField>

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

      {mode === 'list' ? <ListField id={id} form={form} /> : <RangeFields id={id} form={form} />}

      <FormAlert>
        {formError}
        {problems.length > 0 && (
          <ul aria-label="Problems" className="mt-1 max-h-48 list-disc overflow-y-auto pl-5">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        )}
      </FormAlert>
      <DialogFormButtons>
        <Button type="submit" variant="primary" disabled={submitting}>
          Add numbers
        </Button>
      </DialogFormButtons>
    </form>
  );
}

type NumbersForm = UseFormReturn<AddNumbersInput, unknown, AddNumbersValues>;

/** A pasted list. */
function ListField({ id, form }: { id: string; form: NumbersForm }) {
  return (
    <FormField
      id={`${id}-list`}
      label="Numbers to add"
      error={form.formState.errors.list}
      describedBy={`${id}-list-hint`}
      hint={
        <p id={`${id}-list-hint`} className="mt-1 text-xs text-slate-600">
          One a line, or separated by commas. National numbers are read in your tenant’s country.
        </p>
      }
    >
      {(control) => (
        <textarea rows={8} className={`${inputClasses} font-mono`} {...control} {...form.register('list')} />
      )}
    </FormField>
  );
}

/** A range: the first number, then how many or the last number. */
function RangeFields({ id, form }: { id: string; form: NumbersForm }) {
  const { register, formState } = form;
  const errors = formState.errors;
  return (
    <div className="grid grid-cols-3 gap-3">
      <FormField id={`${id}-first`} label="First number" error={errors.first} className="col-span-3">
        {(control) => (
          <input
            autoComplete="off"
            inputMode="tel"
            placeholder="e.g. +1 646 555 0100"
            className={inputClasses}
            {...control}
            {...register('first')}
          />
        )}
      </FormField>
      <FormField id={`${id}-count`} label="How many" error={errors.count}>
        {(control) => (
          <input inputMode="numeric" autoComplete="off" className={inputClasses} {...control} {...register('count')} />
        )}
      </FormField>
      <FormField id={`${id}-last`} label="or Last number" error={errors.last} className="col-span-2">
        {(control) => (
          <input autoComplete="off" inputMode="tel" className={inputClasses} {...control} {...register('last')} />
        )}
      </FormField>
    </div>
  );
}

/** All or nothing: the server lists every problem (the first 20, with a count), the others land on their fields. */
function useSubmitNumbers(form: NumbersForm, onDone: (message: string) => void) {
  const [formError, setFormError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [submitting, startSubmit] = useTransition();
  const submit = form.handleSubmit((values) => {
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
          form.setError(field as FieldPath<AddNumbersInput>, { message: messages[0] });
        }
      }
    });
  });
  return { submit, submitting, formError, problems };
}
