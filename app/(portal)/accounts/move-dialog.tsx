'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useEffect, useId, useState, useTransition } from 'react';
import { type FieldPath, type UseFormReturn, useForm, useWatch } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import { OrganizationOptions } from '@/app/_components/organization-options';
import type { MoveDestination, MoveOptions } from '@/lib/accounts/move-accounts';
import {
  MOVE_NOT_ENOUGH_NUMBERS,
  type MoveSelectionInput,
  type MoveSelectionValues,
  moveSelectionSchema,
  unitsNeeded,
} from '@/lib/accounts/move-accounts-schema';
import type { AccountSelection } from '@/lib/accounts/account-selection-schema';
import { moveAccountsAction, moveOptionsAction } from './actions';
import { accountsCount, WorkingOn } from './select-all-matching';

/**
 * Move (docs/product.md#move) on the selection: choose the destination organization and its User Permissions
 * group. The dialog works out whether the destination has the headroom the selection needs and, when
 * not, keeps its Move button aria-disabled with the product's message as tooltip and accessible
 * description; the server checks the same rule again and has the last word.
 */
export function MoveDialog({
  selection,
  count,
  disabled,
  onDone,
}: {
  selection: AccountSelection;
  /** How many accounts the selection holds (all matching: as the page counted them). */
  count: number;
  disabled: boolean;
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button disabled={disabled}>Move</Button>
      </Dialog.Trigger>
      <ModalDialog
        title={`Move ${accountsCount(count)}`}
        description="Accounts with a number take it along; accounts without one need a number available in the destination."
        width="w-[30rem]"
        scrollable
      >
        {open && (
          <MoveForm
            selection={selection}
            count={count}
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

function MoveForm({
  selection: openedWith,
  count,
  onDone,
}: {
  selection: AccountSelection;
  count: number;
  onDone: (message: string) => void;
}) {
  const id = useId();
  // The selection as it was when the dialog opened (the dialog is modal: it cannot change meanwhile).
  const [selection] = useState(openedWith);
  const { options, loadError } = useMoveOptions(selection);
  const form = useForm<MoveSelectionInput, unknown, MoveSelectionValues>({
    resolver: zodResolver(moveSelectionSchema),
    defaultValues: { selection, organizationId: '', permissionGroupId: '' },
  });
  const { register, setValue, formState } = form;
  const errors = formState.errors;
  const organizationId = useWatch({ control: form.control, name: 'organizationId' });
  const destination = options?.destinations.find((d) => d.id === organizationId);
  const needed = destination && options ? unitsNeeded(options, destination.id) : 0;
  const lacking = Boolean(destination && needed > destination.headroom);
  const { submit, submitting, formError, setFormError } = useSubmitMove(form, lacking, onDone);

  return (
    <form
      noValidate
      className="mt-4 space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FormField
        id={`${id}-org`}
        label="Organization"
        error={errors.organizationId}
        // The note describes the select only while there is no error (it is hidden then).
        describedBy={destination && !errors.organizationId ? `${id}-org-note` : undefined}
        after={
          <DestinationNotes
            noteId={`${id}-org-note`}
            destination={errors.organizationId ? undefined : destination}
            needed={needed}
            loadError={loadError}
            noDestinations={options?.destinations.length === 0}
          />
        }
      >
        {(control) => (
          <select
            className={inputClasses}
            disabled={!options}
            {...control}
            {...register('organizationId', {
              onChange: (e: { target: { value: string } }) => {
                const next = options?.destinations.find((d) => d.id === e.target.value);
                const preferred = next?.groups.find((g) => g.isDefault) ?? next?.groups[0];
                setValue('permissionGroupId', preferred?.id ?? '');
                setFormError(null);
              },
            })}
          >
            <option value="">{options ? 'Choose an organization' : 'Loading…'}</option>
            <OrganizationOptions organizations={options?.destinations ?? []} />
          </select>
        )}
      </FormField>

      <FormField id={`${id}-group`} label="User Permissions" error={errors.permissionGroupId}>
        {(control) => (
          <select className={inputClasses} disabled={!destination} {...control} {...register('permissionGroupId')}>
            {destination?.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </FormField>

      <FormAlert>{formError}</FormAlert>
      <WorkingOn pending={submitting} label={`Moving ${accountsCount(count)}`} />
      <DialogFormButtons>
        <MoveButton lacking={lacking} disabled={submitting || !options} />
      </DialogFormButtons>
    </form>
  );
}

/** Under the destination: what the selection needs there (hidden while the field has an error), and why nothing can be chosen. */
function DestinationNotes({
  noteId,
  destination,
  needed,
  loadError,
  noDestinations,
}: {
  noteId: string;
  destination: MoveDestination | undefined;
  needed: number;
  loadError: string | null;
  noDestinations: boolean;
}) {
  return (
    <>
      {destination && (
        <p id={noteId} className="mt-1 text-xs text-slate-600">
          {needed === 0
            ? 'No account of the selection needs a number there.'
            : `${needed} ${needed === 1 ? 'account needs' : 'accounts need'} a number there; ` +
              `${Math.max(destination.headroom, 0)} available.`}
        </p>
      )}
      {loadError && <p className="mt-1 text-sm text-red-700">{loadError}</p>}
      {noDestinations && (
        <p className="mt-1 text-sm text-slate-600">There is no other organization in your scope to move them to.</p>
      )}
    </>
  );
}

/**
 * The choices for this selection (destinations in scope with their groups and headroom, and the
 * headroom the selection holds), asked of the server once, when the dialog opens: they depend on the
 * accounts selected in the browser, so the page cannot render them beforehand.
 */
function useMoveOptions(selection: AccountSelection) {
  const [options, setOptions] = useState<MoveOptions | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void moveOptionsAction(selection).then((res) => {
      if (!current) return;
      if (res.ok) setOptions(res.data);
      else setLoadError(res.message);
    });
    return () => {
      current = false;
    };
  }, [selection]);
  return { options, loadError };
}

/** Move: refused here while the destination lacks numbers; the server checks again and has the last word. */
function useSubmitMove(
  form: UseFormReturn<MoveSelectionInput, unknown, MoveSelectionValues>,
  lacking: boolean,
  onDone: (message: string) => void,
) {
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();
  const submit = form.handleSubmit((values) => {
    if (lacking) return;
    setFormError(null);
    startSubmit(async () => {
      const res = await moveAccountsAction(values);
      if (res.ok) {
        onDone(res.message ?? 'Moved.');
        return;
      }
      setFormError(res.message);
      for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
        if (messages?.[0]) form.setError(field as FieldPath<MoveSelectionInput>, { message: messages[0] });
      }
    });
  });
  return { submit, submitting, formError, setFormError };
}

/**
 * The Move button. Not `disabled` while the destination lacks numbers: a disabled button receives no
 * hover or focus, so it could not explain itself. It is `aria-disabled` then, described by the
 * product's message, shown as a plain `role="tooltip"` on hover and focus.
 */
function MoveButton({ lacking, disabled }: { lacking: boolean; disabled: boolean }) {
  const tooltipId = `${useId()}-not-enough`;
  const [tooltipOpen, setTooltipOpen] = useState(false);
  return (
    <span className="relative inline-flex">
      <Button
        type="submit"
        variant="primary"
        disabled={disabled}
        aria-disabled={lacking ? true : undefined}
        aria-describedby={lacking ? tooltipId : undefined}
        className="aria-disabled:cursor-not-allowed aria-disabled:opacity-50"
        onClick={(e) => {
          if (lacking) e.preventDefault();
        }}
        onPointerEnter={() => setTooltipOpen(true)}
        onPointerLeave={() => setTooltipOpen(false)}
        onFocus={() => setTooltipOpen(true)}
        onBlur={() => setTooltipOpen(false)}
      >
        Move
      </Button>
      {lacking && (
        <span
          id={tooltipId}
          role="tooltip"
          hidden={!tooltipOpen}
          className="absolute right-0 bottom-full z-10 mb-2 w-72 rounded-md bg-slate-900 px-3 py-2 text-xs text-white shadow-lg"
        >
          {MOVE_NOT_ENOUGH_NUMBERS}
        </span>
      )}
    </span>
  );
}
