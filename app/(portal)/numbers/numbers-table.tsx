'use client';

import { type ReactNode, useState } from 'react';
import {
  ActionStatus,
  type ActionResult,
  actionResult,
  type RowSelection,
  useRowSelection,
} from '@/app/_components/table-selection';
import type { NumberRow } from '@/lib/numbers/get-numbers-page';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { formatPhone } from '@/lib/phone';
import { AddNumbersDialog, AddNumbersOwnersOnly } from './add-numbers-dialog';
import { MoveNumbersDialog, RetagDialog } from './selection-dialogs';

/**
 * The inventory with its selection toolbar: Add numbers (owners only: `inventory` is the tenant's
 * numbers against its quota, null for an admin), Retag, Move. The actions revalidate the pages they
 * change (actions.ts): the table arrives fresh with their answer.
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
  const [result, setResult] = useState<ActionResult>(null);
  const selection = useRowSelection(rows);
  const { visibleSelected, clear } = selection;
  const selectedIds = visibleSelected.map((r) => r.id);
  const assignedSelected = visibleSelected.filter((r) => r.accountName !== null).length;

  function done(res: { ok: boolean; message?: string }, clearSelection: boolean) {
    setResult(actionResult(res));
    if (res.ok && clearSelection) clear();
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
        <MoveNumbersDialog
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
        <NumberRows rows={rows} selection={selection} />
      )}
    </div>
  );
}

/** The rows of the page, each with its checkbox: the number, its organization and tag, and its account if assigned. */
function NumberRows({ rows, selection }: { rows: NumberRow[]; selection: RowSelection<NumberRow> }) {
  const { interactive, allSelected, isSelected, toggle, toggleAll } = selection;
  return (
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
                <td>
                  {r.tag ? <span className="tag">{r.tag}</span> : '—'}
                  {r.reserved && <span className="badge ml-1 bg-amber-100 text-amber-900">Reserved</span>}
                </td>
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
  );
}
