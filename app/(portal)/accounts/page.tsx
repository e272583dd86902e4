import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import {
  ACCOUNT_STATUSES,
  type AccountSort,
  accountsQueryString,
  PAGE_SIZES,
  parseAccountsQuery,
} from '@/lib/accounts/accounts-query';
import { STATUS_LABELS } from '@/lib/accounts/account-status';
import { getAccountsPage } from '@/lib/accounts/get-accounts-page';
import { requireAdmin } from '@/lib/auth/current-admin';
import { filterOptionsInScope } from '@/lib/organizations/list-organizations';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { AccountsTable, type SortHeader } from './accounts-table';

export const metadata: Metadata = { title: 'Accounts' };

const COLUMNS: { key: AccountSort; label: string }[] = [
  { key: 'name', label: 'User Name' },
  { key: 'email', label: 'Email / Device #' },
  { key: 'organization', label: 'Organization' },
  { key: 'number', label: 'Number' },
  { key: 'permissions', label: 'User Permissions' },
  { key: 'status', label: 'Status' },
  { key: 'invited', label: 'Invited at' },
  { key: 'activated', label: 'Activated at' },
];

const numberFormat = new Intl.NumberFormat('en-US');

export default async function AccountsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const query = parseAccountsQuery(await searchParams);
  const db = await getDb();
  const [page, { organizations, tags }] = await Promise.all([
    getAccountsPage(db, admin, query),
    filterOptionsInScope(db, admin),
  ]);
  const filtered = Boolean(query.q || query.org || query.status || query.tag);
  const headers: SortHeader[] = COLUMNS.map((c) => {
    const active = query.sort === c.key;
    const dir = active && query.dir === 'asc' ? 'desc' : 'asc';
    return {
      key: c.key,
      label: c.label,
      href: `/accounts${accountsQueryString(query, { sort: c.key, dir, page: 1 })}`,
      ariaSort: active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined,
    };
  });
  const first = page.total === 0 ? 0 : (page.page - 1) * page.size + 1;
  const last = Math.min(page.total, page.page * page.size);

  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Accounts</h1>
      </div>

      <form
        method="get"
        role="search"
        aria-label="Filter accounts"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
      >
        <div className="min-w-56 flex-1">
          <label htmlFor="q" className="block text-xs font-medium text-slate-600">
            Search
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q}
            placeholder="Name, email, device # or number"
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5"
          />
        </div>
        <div>
          <label htmlFor="org" className="block text-xs font-medium text-slate-600">
            Organization
          </label>
          <select
            id="org"
            name="org"
            defaultValue={query.org ?? ''}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">All organizations</option>
            <OrganizationOptions organizations={organizations} />
          </select>
        </div>
        <div>
          <label htmlFor="status" className="block text-xs font-medium text-slate-600">
            Status
          </label>
          <select
            id="status"
            name="status"
            defaultValue={query.status ?? ''}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">Any status</option>
            {ACCOUNT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="tag" className="block text-xs font-medium text-slate-600">
            Tag
          </label>
          <select
            id="tag"
            name="tag"
            defaultValue={query.tag ?? ''}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">Any tag</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        {query.sort !== 'name' && <input type="hidden" name="sort" value={query.sort} />}
        {query.dir !== 'asc' && <input type="hidden" name="dir" value={query.dir} />}
        {query.size !== 50 && <input type="hidden" name="size" value={query.size} />}
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700">
          Apply
        </button>
        {filtered && (
          <Link href="/accounts" className="py-1.5 text-sm text-brand-600 underline">
            Clear filters
          </Link>
        )}
      </form>

      <AccountsTable
        rows={page.rows}
        headers={headers}
        exportHref={`/accounts/export${accountsQueryString(query, { page: 1 })}`}
        organizations={organizations}
        defaultOrganizationId={admin.organizationId}
        emptyState={
          page.rows.length > 0 ? null : page.total > 0 ? (
            <>
              <p className="font-medium">There are no accounts on page {page.page}.</p>
              <Link
                href={`/accounts${accountsQueryString(query, { page: 1 })}`}
                className="mt-2 inline-block text-brand-600 underline"
              >
                Go to the first page
              </Link>
            </>
          ) : filtered ? (
            <>
              <p className="font-medium">No accounts match these filters.</p>
              <Link href="/accounts" className="mt-2 inline-block text-brand-600 underline">
                Clear filters
              </Link>
            </>
          ) : (
            <p className="font-medium">There are no accounts in your organizations yet.</p>
          )
        }
      />
      {page.rows.length > 0 && (
        <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center gap-4 text-sm">
          <p>
            Showing {numberFormat.format(first)}–{numberFormat.format(last)} of {numberFormat.format(page.total)}{' '}
            {page.total === 1 ? 'account' : 'accounts'}
          </p>
          <p className="ml-auto">
            Page {numberFormat.format(page.page)} of {numberFormat.format(page.pageCount)}
          </p>
          {page.page > 1 ? (
            <Link
              href={`/accounts${accountsQueryString(query, { page: page.page - 1 })}`}
              className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
            >
              Previous
            </Link>
          ) : null}
          {page.page < page.pageCount ? (
            <Link
              href={`/accounts${accountsQueryString(query, { page: page.page + 1 })}`}
              className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
            >
              Next
            </Link>
          ) : null}
          <span className="flex items-center gap-1">
            Rows per page:
            {PAGE_SIZES.map((s) =>
              s === page.size ? (
                <span key={s} aria-current="true" className="px-1 font-semibold">
                  {s}
                </span>
              ) : (
                <Link
                  key={s}
                  href={`/accounts${accountsQueryString(query, { size: s, page: 1 })}`}
                  className="px-1 text-brand-600 underline"
                >
                  {s}
                </Link>
              ),
            )}
          </span>
        </nav>
      )}
    </div>
  );
}
