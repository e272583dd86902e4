'use client';

import { useState, useTransition } from 'react';
import {
  ActionStatus,
  type ActionResult,
  actionResult,
  type RowSelection,
  useRowSelection,
} from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import { ConfirmDialog } from '@/app/_components/ui/confirm-dialog';
import { DELIVERY_LABELS } from '@/lib/accounts/account-status';
import { ROLE_LABELS } from '@/lib/administrators/administrator-schemas';
import { ADMINISTRATOR_STATUS_LABELS, type AdministratorRow } from '@/lib/administrators/administrator-status';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { removeAdministratorsAction, resendAdministratorInvitesAction } from './actions';
import { AddAdministratorDialog } from './add-administrator-dialog';

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

const STATUS_STYLES: Record<AdministratorRow['status'], string> = {
  active: 'bg-green-100 text-green-800',
  invited: 'bg-amber-100 text-amber-800',
  expired: 'bg-red-100 text-red-800',
};
const DELIVERY_PROBLEMS = new Set(['failed', 'bounced', 'complained']);

/**
 * The Administrators table with its selection toolbar: Add Administrator, Resend Invite, Remove. The
 * actions revalidate the pages they change (actions.ts): the table arrives fresh with their answer.
 */
export function AdministratorsTable({
  rows,
  organizations,
  canAddOwners,
  rootOrganizationId,
  defaultOrganizationId,
}: {
  rows: AdministratorRow[];
  organizations: OrganizationOption[];
  canAddOwners: boolean;
  rootOrganizationId: string | null;
  defaultOrganizationId: string;
}) {
  const selection = useRowSelection(rows);
  const { visibleSelected } = selection;
  const { result, setResult, pending, resendSelected, removeSelected } = useSelectionActions(selection);
  const includesSelf = visibleSelected.some((r) => r.isSelf);

  const count = visibleSelected.length;
  return (
    <div>
      <div role="toolbar" aria-label="Administrator actions" className="mb-3 flex flex-wrap items-center gap-2">
        <AddAdministratorDialog
          organizations={organizations}
          canAddOwners={canAddOwners}
          rootOrganizationId={rootOrganizationId}
          defaultOrganizationId={defaultOrganizationId}
          onDone={(message) => setResult({ ok: true, message })}
        />
        <span className="ml-2 text-sm text-slate-600">{count} selected</span>
        <Button disabled={pending} onClick={resendSelected}>
          Resend Invite
        </Button>
        <ConfirmDialog
          trigger={
            <Button variant="danger" disabled={count === 0 || pending}>
              Remove
            </Button>
          }
          title={`Remove ${count} ${count === 1 ? 'administrator' : 'administrators'}?`}
          description={
            <>
              They can no longer sign in, and anyone of them signed in now is signed out at once. Their pending
              invitations stop working. This cannot be undone.
              {includesSelf && <strong className="mt-2 block">This includes you: you will be signed out.</strong>}
            </>
          }
          confirmLabel="Remove administrators"
          onConfirm={removeSelected}
        />
      </div>
      <ActionStatus result={result} />
      {rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="font-medium">There are no other administrators in your organizations yet.</p>
        </div>
      ) : (
        <AdministratorRows rows={rows} selection={selection} />
      )}
    </div>
  );
}

/** One row per administrator in scope, each with its checkbox; the signed-in one is marked "(you)". */
function AdministratorRows({
  rows,
  selection,
}: {
  rows: AdministratorRow[];
  selection: RowSelection<AdministratorRow>;
}) {
  const { interactive, allSelected, isSelected, toggle, toggleAll } = selection;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="data-table w-full text-left text-sm">
        <caption className="sr-only">Administrators</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
          <tr>
            <th scope="col" className="w-10">
              <input
                type="checkbox"
                aria-label="Select all administrators"
                checked={allSelected}
                onChange={toggleAll}
                disabled={!interactive}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Organization</th>
            <th scope="col">Status</th>
            <th scope="col">Last sign-in</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <input
                  type="checkbox"
                  value={r.id}
                  aria-label={`Select ${r.name}`}
                  checked={isSelected(r.id)}
                  onChange={() => toggle(r.id)}
                  disabled={!interactive}
                />
              </td>
              <th scope="row">
                {r.name}
                {r.isSelf && <span className="note">(you)</span>}
              </th>
              <td>{r.email}</td>
              <td>{ROLE_LABELS[r.role]}</td>
              <td>
                {r.organizationName} <span className="muted">({r.organizationCode})</span>
              </td>
              <td>
                <span className={`badge ${STATUS_STYLES[r.status]}`}>{ADMINISTRATOR_STATUS_LABELS[r.status]}</span>
                {r.deliveryState && r.status === 'invited' && (
                  <span className={DELIVERY_PROBLEMS.has(r.deliveryState) ? 'note problem' : 'note'}>
                    · {DELIVERY_LABELS[r.deliveryState]}
                  </span>
                )}
              </td>
              <td>{r.lastSignInAt ? dateTimeFormat.format(new Date(r.lastSignInAt)) : 'Never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Resend Invite and Remove on the selected administrators, and what the last of them said. */
function useSelectionActions(selection: RowSelection<AdministratorRow>) {
  const [result, setResult] = useState<ActionResult>(null);
  const [pending, startTransition] = useTransition();
  const { visibleSelected, clear } = selection;

  function resendSelected() {
    const ids = visibleSelected.map((r) => r.id);
    if (ids.length === 0) {
      setResult({ ok: false, message: 'Select at least one administrator.' });
      return;
    }
    startTransition(async () => {
      const res = await resendAdministratorInvitesAction({ ids });
      setResult(actionResult(res));
    });
  }

  function removeSelected() {
    const ids = visibleSelected.map((r) => r.id);
    startTransition(async () => {
      const res = await removeAdministratorsAction({ ids });
      setResult(actionResult(res));
      if (!res.ok) return;
      clear();
      // Removing oneself ends the session: the next request goes to Sign in.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load on purpose: no client state or cached page of the removed administrator may survive
      if (res.data.removedSelf) window.location.assign('/sign-in');
    });
  }

  return { result, setResult, pending, resendSelected, removeSelected };
}
