'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { AlertDialog } from 'radix-ui';
import type { AccountRow } from '@/lib/accounts/get-accounts-page';
import { DELIVERY_LABELS, STATUS_LABELS } from '@/lib/accounts/account-status';
import { formatPhone } from '@/lib/phone';
import { deleteAccountsAction } from './actions';

export interface SortHeader {
  key: string;
  label: string;
  href: string;
  ariaSort?: 'ascending' | 'descending';
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const formatDate = (d: Date | null) => (d ? dateFormat.format(new Date(d)) : '—');

const STATUS_STYLES: Record<AccountRow['status'], string> = {
  active: 'bg-green-100 text-green-800',
  pending: 'bg-amber-100 text-amber-800',
  expired: 'bg-red-100 text-red-800',
  not_invited: 'bg-slate-100 text-slate-700',
};

export function AccountsTable({ rows, headers, exportHref }: { rows: AccountRow[]; headers: SortHeader[]; exportHref: string }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const visibleSelected = rows.filter((r) => selected.has(r.id));
  const allSelected = rows.length > 0 && visibleSelected.length === rows.length;

  function toggle(id: string) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function toggleAll() {
    setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)));
  }

  function deleteSelected() {
    const ids = visibleSelected.map((r) => r.id);
    startTransition(async () => {
      const res = await deleteAccountsAction({ ids });
      setResult({ ok: res.ok, message: res.message ?? (res.ok ? 'Done.' : 'Something went wrong.') });
      if (res.ok) {
        setSelected(new Set());
        router.refresh();
      }
    });
  }

  return (
    <div>
      <div role="toolbar" aria-label="Selected accounts" className="mb-3 flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-600">{visibleSelected.length} selected</span>
        <AlertDialog.Root>
          <AlertDialog.Trigger asChild>
            <button
              type="button"
              disabled={visibleSelected.length === 0 || pending}
              className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50"
            >
              Delete
            </button>
          </AlertDialog.Trigger>
          <AlertDialog.Portal>
            <AlertDialog.Overlay className="fixed inset-0 bg-black/40" />
            <AlertDialog.Content className="fixed top-1/2 left-1/2 w-[28rem] max-w-[90vw] -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
              <AlertDialog.Title className="text-lg font-semibold">
                Delete {visibleSelected.length} {visibleSelected.length === 1 ? 'account' : 'accounts'}?
              </AlertDialog.Title>
              <AlertDialog.Description className="mt-2 text-sm text-slate-600">
                Their numbers go back to their organizations&apos; pools and their invitations stop working. This cannot be
                undone.
              </AlertDialog.Description>
              <div className="mt-6 flex justify-end gap-2">
                <AlertDialog.Cancel className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">Cancel</AlertDialog.Cancel>
                <AlertDialog.Action
                  onClick={deleteSelected}
                  className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700"
                >
                  Delete accounts
                </AlertDialog.Action>
              </div>
            </AlertDialog.Content>
          </AlertDialog.Portal>
        </AlertDialog.Root>
        <a href={exportHref} className="ml-auto rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
          Export CSV
        </a>
      </div>
      <div role="status" aria-live="polite" className={`mb-2 min-h-5 text-sm ${result?.ok === false ? 'text-red-700' : 'text-green-800'}`}>
        {result?.message}
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Accounts</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all accounts on this page"
                  checked={allSelected}
                  onChange={toggleAll}
                  disabled={rows.length === 0}
                />
              </th>
              {headers.map((h) => (
                <th key={h.key} scope="col" aria-sort={h.ariaSort} className="px-3 py-2 whitespace-nowrap">
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
                <tr key={r.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <input type="checkbox" value={r.id} aria-label={`Select ${name}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                  </td>
                  <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap">
                    {name}
                  </th>
                  <td className="px-3 py-2">{r.email ?? formatPhone(r.deviceNumber)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {r.organizationName} <span className="text-slate-500">({r.organizationCode})</span>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {formatPhone(r.number) ?? '—'}
                    {r.numberTag && <span className="ml-1 rounded bg-slate-100 px-1 text-xs">{r.numberTag}</span>}
                  </td>
                  <td className="px-3 py-2">{r.permissionGroup}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[r.status]}`}>
                      {STATUS_LABELS[r.status]}
                    </span>
                    {r.deliveryState && r.status === 'pending' && (
                      <span className="ml-1 text-xs text-slate-600">· {DELIVERY_LABELS[r.deliveryState]}</span>
                    )}
                    {r.personalPhoneMasked && <span className="ml-1 text-xs text-slate-600">{r.personalPhoneMasked}</span>}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDate(r.invitedAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDate(r.activatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
