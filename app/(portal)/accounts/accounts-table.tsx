'use client';

import Link from 'next/link';
import { type ReactNode, useState, useTransition } from 'react';
import { ActionStatus, type ActionResult, actionResult, type RowSelection } from '@/app/_components/table-selection';
import { Button, buttonClasses } from '@/app/_components/ui/button';
import { ConfirmDialog } from '@/app/_components/ui/confirm-dialog';
import type { AccountRow } from '@/lib/accounts/get-accounts-page';
import { DELIVERY_LABELS, STATUS_LABELS } from '@/lib/accounts/account-status';
import { formatPhone } from '@/lib/phone';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { deleteAccountsAction } from './actions';
import { AddAccountDialog } from './add-account-dialog';
import { AssignNumberDialog } from './assign-number-dialog';
import { MoveDialog } from './move-dialog';
import { ReinstateButton } from './reinstate-button';
import { InviteButton } from './send-invite-button';
import { SuspendDialog } from './suspend-dialog';
import { accountsCount, SelectAllMatching, useAccountSelection, WorkingOn } from './select-all-matching';
import type { MatchingFilters } from '@/lib/accounts/account-selection-schema';

export interface SortHeader {
  key: string;
  label: string;
  href: string;
  ariaSort?: 'ascending' | 'descending';
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const formatDate = (d: Date | null) => (d ? dateFormat.format(new Date(d)) : '—');

/** Delivery states an administrator must act on (Resend Invite, or fix the address): shown in red. */
const DELIVERY_PROBLEMS = new Set(['failed', 'bounced', 'complained']);

const STATUS_STYLES: Record<AccountRow['status'], string> = {
  active: 'bg-green-100 text-green-800',
  pending: 'bg-amber-100 text-amber-800',
  expired: 'bg-red-100 text-red-800',
  not_invited: 'bg-slate-100 text-slate-700',
  suspended: 'bg-slate-200 text-slate-800',
};

/**
 * The table with its selection toolbar. It stays mounted when an action's fresh page empties it
 * (emptyState takes the table's place), so the result of the last action remains on screen. The
 * actions revalidate the pages they change (actions.ts): the table arrives fresh with their answer.
 */
export function AccountsTable({
  rows,
  headers,
  exportHref,
  emptyState,
  organizations,
  defaultOrganizationId,
  matching,
}: {
  rows: AccountRow[];
  headers: SortHeader[];
  exportHref: string;
  emptyState: ReactNode;
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
  /** The view's filters and how many accounts they match, for "Select all N matching". */
  matching: { filters: MatchingFilters; total: number };
}) {
  const [result, setResult] = useState<ActionResult>(null);
  const [pending, startTransition] = useTransition();
  const accountSelection = useAccountSelection(rows, matching);
  const { rowSelection: selection, allMatching, size, clear } = accountSelection;
  const { visibleSelected } = selection;
  const chosen = accountSelection.toSelection();

  function deleteSelected() {
    startTransition(async () => {
      const res = await deleteAccountsAction(chosen);
      setResult(actionResult(res));
      if (res.ok) clear();
    });
  }

  // With all matching selected, the rows that are not on this page are unknown here: every action is
  // offered, and the server reports what did not apply (e.g. already invited).
  const has = (test: (status: AccountRow['status']) => boolean) =>
    allMatching || visibleSelected.some((r) => test(r.status));

  return (
    <div>
      <div role="toolbar" aria-label="Account actions" className="mb-3 flex flex-wrap items-center gap-2">
        <AddAccountDialog
          organizations={organizations}
          defaultOrganizationId={defaultOrganizationId}
          onDone={(message) => setResult({ ok: true, message })}
        />
        <span className="ml-2 text-sm text-slate-600">{size.toLocaleString('en-US')} selected</span>
        <InviteButton
          selection={chosen}
          count={size}
          first
          disabled={pending || !has((s) => s === 'not_invited')}
          onDone={setResult}
        />
        <InviteButton selection={chosen} count={size} first={false} disabled={pending} onDone={setResult} />
        <AssignNumberDialog
          // Exactly one account ticked, and it is not Active.
          accountId={
            !allMatching && visibleSelected.length === 1 && visibleSelected[0]!.status !== 'active'
              ? visibleSelected[0]!.id
              : null
          }
          disabled={pending}
          onDone={(message) => setResult({ ok: true, message })}
        />
        <MoveDialog
          selection={chosen}
          count={size}
          disabled={size === 0 || pending}
          onDone={(message) => {
            setResult({ ok: true, message });
            clear();
          }}
        />
        <SuspendDialog
          selection={chosen}
          count={size}
          disabled={pending || !has((s) => s !== 'suspended')}
          onDone={setResult}
        />
        <ReinstateButton
          selection={chosen}
          count={size}
          disabled={pending || !has((s) => s === 'suspended')}
          onDone={setResult}
        />
        <ConfirmDialog
          trigger={
            <Button variant="danger" disabled={size === 0 || pending}>
              Delete
            </Button>
          }
          title={`Delete ${accountsCount(size)}?`}
          description="Their numbers go back to their organizations' pools and their invitations stop working. This cannot be undone."
          confirmLabel="Delete accounts"
          onConfirm={deleteSelected}
        />
        <a href={exportHref} className={buttonClasses('secondary', 'ml-auto')}>
          Export CSV
        </a>
      </div>
      <WorkingOn pending={pending} label={`Deleting ${accountsCount(size)}`} />
      <ActionStatus result={result} />
      <SelectAllMatching selection={accountSelection} rowCount={rows.length} total={matching.total} />
      {emptyState ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">{emptyState}</div>
      ) : (
        <AccountRows rows={rows} headers={headers} selection={selection} />
      )}
    </div>
  );
}

/** The rows of the page, each with its checkbox; the headers link to the same view sorted by their column. */
function AccountRows({
  rows,
  headers,
  selection,
}: {
  rows: AccountRow[];
  headers: SortHeader[];
  selection: RowSelection<AccountRow>;
}) {
  const { interactive, allSelected, isSelected, toggle, toggleAll } = selection;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="data-table w-full text-left text-sm">
        <caption className="sr-only">Accounts</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
          <tr>
            <th scope="col" className="w-10">
              <input
                type="checkbox"
                aria-label="Select all accounts on this page"
                checked={allSelected}
                onChange={toggleAll}
                disabled={!interactive || rows.length === 0}
              />
            </th>
            {headers.map((h) => (
              <th key={h.key} scope="col" aria-sort={h.ariaSort}>
                <a href={h.href} className="hover:underline">
                  {h.label}
                  {h.ariaSort === 'ascending' ? ' ▲' : h.ariaSort === 'descending' ? ' ▼' : ''}
                </a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const name = `${r.firstName} ${r.lastName}`;
            return (
              <tr key={r.id}>
                <td>
                  <input
                    type="checkbox"
                    value={r.id}
                    aria-label={`Select ${name}`}
                    checked={isSelected(r.id)}
                    onChange={() => toggle(r.id)}
                    disabled={!interactive}
                  />
                </td>
                <th scope="row">
                  <Link href={`/accounts/${r.id}`} className="text-brand-600 hover:underline">
                    {name}
                  </Link>
                </th>
                <td>{r.email ?? formatPhone(r.deviceNumber)}</td>
                <td>
                  {r.organizationName} <span className="muted">({r.organizationCode})</span>
                </td>
                <td>
                  {formatPhone(r.number) ?? '—'}
                  {r.numberTag && <span className="tag">{r.numberTag}</span>}
                </td>
                <td>{r.permissionGroup}</td>
                <td>
                  <span className={`badge ${STATUS_STYLES[r.status]}`}>{STATUS_LABELS[r.status]}</span>
                  {r.deliveryState && r.status === 'pending' && (
                    <span className={DELIVERY_PROBLEMS.has(r.deliveryState) ? 'note problem' : 'note'}>
                      · {DELIVERY_LABELS[r.deliveryState]}
                    </span>
                  )}
                  {r.personalPhoneMasked && <span className="note">{r.personalPhoneMasked}</span>}
                </td>
                <td>{formatDate(r.invitedAt)}</td>
                <td>{formatDate(r.activatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
