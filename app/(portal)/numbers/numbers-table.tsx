'use client';

import { Dialog } from 'radix-ui';
import { useRouter } from 'next/navigation';
import { type ReactNode, useId, useState, useTransition } from 'react';
import { ActionStatus, type ActionResult, actionResult, useRowSelection } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import { OrganizationOptions } from '@/app/_components/organization-options';
import type { NumberRow } from '@/lib/numbers/get-numbers-page';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { formatPhone } from '@/lib/phone';
import { moveNumbersAction, retagNumbersAction } from './actions';
import { AddNumbersDialog, AddNumbersOwnersOnly } from './add-numbers-dialog';

/**
 * The inventory with its selection toolbar: Add numbers (owners only: `inventory` is the tenant's
 * numbers against its quota, null for an admin), Retag, Move.
 */
export function NumbersTable({
  rows,
  organizations,
  defaultOrganizationId,
  inventory,
  emptyState,
}: {
  rows: NumberRow[];
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
  inventory: { held: number; quota: number } | null;
  emptyState: ReactNode;
}) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult>(null);
  const { interactive, visibleSelected, allSelected, isSelected, toggle, toggleAll, clear } = useRowSelection(rows);
  const selectedIds = visibleSelected.map((r) => r.id);
  const assignedSelected = visibleSelected.filter((r) => r.accountName !== null).length;

  function done(res: { ok: boolean; message?: string }, clearSelection: boolean) {
    setResult(actionResult(res));
    if (res.ok) {
      if (clearSelection) clear();
      router.refresh();
    }
  }

  return (
    <div>
      <div role="toolbar" aria-label="Number actions" className="mb-3 flex flex-wrap items-center gap-2">
        {inventory ? (
          <AddNumbersDialog
            organizations={organizations}
            defaultOrganizationId={defaultOrganizationId}
            inventory={inventory}
            onDone={(message) => done({ ok: true, message }, false)}
          />
        ) : (
          <AddNumbersOwnersOnly />
        )}
        <span className="ml-2 text-sm text-slate-600">{visibleSelected.length} selected</span>
        <RetagDialog ids={selectedIds} onDone={(res) => done(res, false)} />
        <MoveDialog
          ids={selectedIds}
          assignedSelected={assignedSelected}
          organizations={organizations}
          onDone={(res) => done(res, true)}
        />
      </div>
      <ActionStatus result={result} />
      {emptyState ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">{emptyState}</div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="data-table w-full text-left text-sm">
            <caption className="sr-only">Numbers</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
              <tr>
                <th scope="col" className="w-10">
                  <input
                    type="checkbox"
                    aria-label="Select all numbers on this page"
                    checked={allSelected}
                    onChange={toggleAll}
                    disabled={!interactive || rows.length === 0}
                  />
                </th>
                <th scope="col">Number</th>
                <th scope="col">Organization</th>
                <th scope="col">Tag</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const formatted = formatPhone(r.e164) ?? r.e164;
                return (
                  <tr key={r.id}>
                    <td>
                      <input
                        type="checkbox"
                        value={r.id}
                        aria-label={`Select ${formatted}`}
                        checked={isSelected(r.id)}
                        onChange={() => toggle(r.id)}
                        disabled={!interactive}
                      />
                    </td>
                    <th scope="row">{formatted}</th>
                    <td>
                      {r.organizationName} <span className="muted">({r.organizationCode})</span>
                    </td>
                    <td>{r.tag ? <span className="tag">{r.tag}</span> : '—'}</td>
                    <td>
                      {r.accountName === null ? (
                        <span className="badge bg-green-100 text-green-800">Available</span>
                      ) : (
                        <>
                          <span className="badge bg-slate-100 text-slate-700">Assigned</span>
                          <span className="note">{r.accountName}</span>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

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

function RetagDialog({ ids, onDone }: { ids: string[]; onDone: (result: { ok: boolean; message?: string }) => void }) {
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

function MoveDialog({
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
      description={
        <>
          Only available numbers move; an assigned number stays with its account
          {assignedSelected > 0
            ? ` (${assignedSelected} of the selected ${assignedSelected === 1 ? 'is' : 'are'} assigned)`
            : ''}
          . An organization keeps enough numbers for its accounts without one.
        </>
      }
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
