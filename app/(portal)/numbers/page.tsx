import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { requireAdmin } from '@/lib/auth/current-admin';
import { getNumbersPage } from '@/lib/numbers/get-numbers-page';
import {
  NO_TAG,
  NUMBER_PAGE_SIZES,
  NUMBER_STATUS_LABELS,
  NUMBER_STATUSES,
  numbersQueryString,
  parseNumbersQuery,
} from '@/lib/numbers/numbers-query';
import { filterOptionsInScope } from '@/lib/organizations/list-organizations';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { NumbersTable } from './numbers-table';

export const metadata: Metadata = { title: 'Numbers' };

const numberFormat = new Intl.NumberFormat('en-US');

export default async function NumbersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const query = parseNumbersQuery(await searchParams);
  const db = await getDb();
  const [page, { organizations, tags }] = await Promise.all([
    getNumbersPage(db, admin, query),
    filterOptionsInScope(db, admin),
  ]);
  const filtered = Boolean(query.q || query.org || query.status || query.tag);
  const first = page.total === 0 ? 0 : (page.page - 1) * page.size + 1;
  const last = Math.min(page.total, page.page * page.size);

  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Numbers</h1>
      </div>

      <form
        method="get"
        role="search"
        aria-label="Filter numbers"
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
            placeholder="Digits of the number, or the user's name"
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
            <option value={NO_TAG}>No tag</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
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
            {NUMBER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {NUMBER_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {query.size !== 100 && <input type="hidden" name="size" value={query.size} />}
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700">
          Apply
        </button>
        {filtered && (
          <Link href="/numbers" className="py-1.5 text-sm text-brand-600 underline">
            Clear filters
          </Link>
        )}
      </form>

      <NumbersTable
        rows={page.rows}
        organizations={organizations}
        defaultOrganizationId={query.org ?? admin.organizationId}
        emptyState={
          page.rows.length > 0 ? null : page.total > 0 ? (
            <>
              <p className="font-medium">There are no numbers on page {page.page}.</p>
              <Link
                href={`/numbers${numbersQueryString(query, { page: 1 })}`}
                className="mt-2 inline-block text-brand-600 underline"
              >
                Go to the first page
              </Link>
            </>
          ) : filtered ? (
            <>
              <p className="font-medium">No numbers match these filters.</p>
              <Link href="/numbers" className="mt-2 inline-block text-brand-600 underline">
                Clear filters
              </Link>
            </>
          ) : (
            <p className="font-medium">There are no numbers in your organizations yet. Add some with Add numbers.</p>
          )
        }
      />
      {page.rows.length > 0 && (
        <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center gap-4 text-sm">
          <p>
            Showing {numberFormat.format(first)}–{numberFormat.format(last)} of {numberFormat.format(page.total)}{' '}
            {page.total === 1 ? 'number' : 'numbers'}
          </p>
          <p className="ml-auto">
            Page {numberFormat.format(page.page)} of {numberFormat.format(page.pageCount)}
          </p>
          {page.page > 1 ? (
            <Link
              href={`/numbers${numbersQueryString(query, { page: page.page - 1 })}`}
              className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
            >
              Previous
            </Link>
          ) : null}
          {page.page < page.pageCount ? (
            <Link
              href={`/numbers${numbersQueryString(query, { page: page.page + 1 })}`}
              className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
            >
              Next
            </Link>
          ) : null}
          <span className="flex items-center gap-1">
            Rows per page:
            {NUMBER_PAGE_SIZES.map((s) =>
              s === page.size ? (
                <span key={s} aria-current="true" className="px-1 font-semibold">
                  {s}
                </span>
              ) : (
                <Link
                  key={s}
                  href={`/numbers${numbersQueryString(query, { size: s, page: 1 })}`}
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
