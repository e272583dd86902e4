import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import {
  ACCOUNT_STATUSES,
  type AccountSort,
  accountsQueryString,
  DELIVERY_FILTERS,
  PAGE_SIZES,
  parseAccountsQuery,
} from '@/lib/accounts/accounts-query';
import { DELIVERY_LABELS, STATUS_LABELS } from '@/lib/accounts/account-status';
import { getAccountsPage } from '@/lib/accounts/get-accounts-page';
import { requireAdmin } from '@/lib/auth/current-admin';
import { filterOptionsInScope } from '@/lib/organizations/list-organizations';
import {
  FilterForm,
  FilterSearch,
  FilterSelect,
  LabelledOptions,
  ListEmptyState,
  Pagination,
  ValueOptions,
} from '@/app/_components/filters';
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
  const filtered = Boolean(query.q || query.org || query.status || query.tag || query.delivery);
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

  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Accounts</h1>
      </div>

      <FilterForm label="Filter accounts" clearHref="/accounts" filtered={filtered}>
        <FilterSearch defaultValue={query.q} placeholder="Name, email, device # or number" />
        <FilterSelect name="org" label="Organization" anyLabel="All organizations" defaultValue={query.org}>
          <OrganizationOptions organizations={organizations} />
        </FilterSelect>
        <FilterSelect name="status" label="Status" anyLabel="Any status" defaultValue={query.status}>
          {ACCOUNT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="tag" label="Tag" anyLabel="Any tag" defaultValue={query.tag}>
          <ValueOptions values={tags} />
        </FilterSelect>
        <FilterSelect name="delivery" label="Delivery" anyLabel="Any delivery" defaultValue={query.delivery}>
          <LabelledOptions values={DELIVERY_FILTERS} labels={DELIVERY_LABELS} />
        </FilterSelect>
        {query.sort !== 'name' && <input type="hidden" name="sort" value={query.sort} />}
        {query.dir !== 'asc' && <input type="hidden" name="dir" value={query.dir} />}
        {query.size !== 50 && <input type="hidden" name="size" value={query.size} />}
      </FilterForm>

      <AccountsTable
        rows={page.rows}
        headers={headers}
        exportHref={`/accounts/export${accountsQueryString(query, { page: 1 })}`}
        organizations={organizations}
        defaultOrganizationId={admin.organizationId}
        matching={{
          filters: { q: query.q, org: query.org, status: query.status, tag: query.tag, delivery: query.delivery },
          total: page.total,
        }}
        emptyState={
          page.rows.length > 0 ? null : (
            <ListEmptyState
              pastLastPage={page.total > 0}
              filtered={filtered}
              firstPageHref={`/accounts${accountsQueryString(query, { page: 1 })}`}
              clearHref="/accounts"
              pastLastPageMessage={`There are no accounts on page ${page.page}.`}
              noMatchMessage="No accounts match these filters."
              emptyMessage="There are no accounts in your organizations yet."
            />
          )
        }
      />
      {page.rows.length > 0 && (
        <Pagination
          page={page}
          noun={['account', 'accounts']}
          sizes={PAGE_SIZES}
          href={(changes) => `/accounts${accountsQueryString(query, changes)}`}
        />
      )}
    </div>
  );
}
