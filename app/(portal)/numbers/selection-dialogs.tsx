'use client';

import { Dialog } from 'radix-ui';
import { type ReactNode, useId, useState, useTransition } from 'react';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { moveNumbersAction, retagNumbersAction } from './actions';

// The Numbers toolbar's dialogs on the selection: Retag and Move.

/** A dialog on the selection, opened by its toolbar button. */
function SelectionDialog({
  title,
  description,
  triggerLabel,
  disabled,
  open,
  setOpen,
  children,
}: {
  title: string;
  description: ReactNode;
  triggerLabel: string;
  disabled: boolean;
  open: boolean;
  setOpen: (open: boolean) => void;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button disabled={disabled}>{triggerLabel}</Button>
      </Dialog.Trigger>
      <ModalDialog title={title} description={description} width="w-[28rem]">
        {children}
      </ModalDialog>
    </Dialog.Root>
  );
}

/** Retag: a new tag for the selected numbers, or none. */
export function RetagDialog({
  ids,
  onDone,
}: {
  ids: string[];
  onDone: (result: { ok: boolean; message?: string }) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const n = ids.length;

  function submit() {
    setError(null);
    startTransition(async () => {
      const res = await retagNumbersAction({ ids, tag });
      if (!res.ok) {
        setError(res.fieldErrors?.tag?.[0] ?? res.message);
        return;
      }
      setOpen(false);
      setTag('');
      onDone(res);
    });
  }

  return (
    <SelectionDialog
      title={`Retag ${n} ${n === 1 ? 'number' : 'numbers'}`}
      description="Set a new tag, or leave the field empty to remove the tag."
      triggerLabel="Retag"
      disabled={n === 0}
      open={open}
      setOpen={setOpen}
    >
      <form
        noValidate
        className="mt-4 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <FormField id={`${id}-tag`} label="New tag" error={error}>
          {(control) => (
            <input
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              placeholder="e.g. PORTED (empty: no tag)"
              autoComplete="off"
              className={`${inputClasses} uppercase`}
              {...control}
            />
          )}
        </FormField>
        <DialogFormButtons>
          <Button type="submit" variant="primary" disabled={pending}>
            {tag.trim() ? 'Set tag' : 'Remove tag'}
          </Button>
        </DialogFormButtons>
      </form>
    </SelectionDialog>
  );
}

/** Move: the selected numbers that are available, to another organization in scope. */
export function MoveNumbersDialog({
  ids,
  assignedSelected,
  organizations,
  onDone,
}: {
  ids: string[];
  assignedSelected: number;
  organizations: OrganizationOption[];
  onDone: (result: { ok: boolean; message?: string }) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [organizationId, setOrganizationId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const n = ids.length;

  function submit() {
    setError(null);
    startTransition(async () => {
      const res = await moveNumbersAction({ ids, organizationId });
      if (!res.ok) {
        setError(res.fieldErrors?.organizationId?.[0] ?? res.message);
        return;
      }
      setOpen(false);
      onDone(res);
    });
  }

  return (
    <SelectionDialog
      title={`Move ${n} ${n === 1 ? 'number' : 'numbers'}`}
      description={<MoveDescription assignedSelected={assignedSelected} />}
      triggerLabel="Move"
      disabled={n === 0}
      open={open}
      setOpen={(next) => {
        setOpen(next);
        if (next) setError(null);
      }}
    >
      <form
        noValidate
        className="mt-4 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {/* The error shows in the alert below, not under the select (the select is not described by it). */}
        <FormField id={`${id}-org`} label="Destination organization">
          {(control) => (
            <select
              value={organizationId}
              onChange={(e) => setOrganizationId(e.target.value)}
              className={inputClasses}
              {...control}
            >
              <option value="">Choose an organization</option>
              <OrganizationOptions organizations={organizations} />
            </select>
          )}
        </FormField>
        <FormAlert>{error}</FormAlert>
        <DialogFormButtons>
          <Button type="submit" variant="primary" disabled={pending || !organizationId}>
            Move numbers
          </Button>
        </DialogFormButtons>
      </form>
    </SelectionDialog>
  );
}

function MoveDescription({ assignedSelected }: { assignedSelected: number }) {
  return (
    <>
      Only available numbers move; an assigned number stays with its account
      {assignedSelected > 0
        ? ` (${assignedSelected} of the selected ${assignedSelected === 1 ? 'is' : 'are'} assigned)`
        : ''}
      . An organization keeps enough numbers for its accounts without one.
    </>
  );
}
