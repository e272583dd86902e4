import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
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
import { filterOptionsInScope, listTagsInScope } from '@/lib/organizations/list-organizations';
import { listReservedTags } from '@/lib/numbers/reserved-tags';
import { numberInventory } from '@/lib/tenant-limits';
import {
  FilterForm,
  FilterSearch,
  FilterSelect,
  ListEmptyState,
  Pagination,
  ValueOptions,
} from '@/app/_components/filters';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { NumbersTable } from './numbers-table';
import { ReservedTagsPanel } from './reserved-tags-panel';

export const metadata: Metadata = { title: 'Numbers' };

export default async function NumbersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const query = parseNumbersQuery(await searchParams);
  const db = await getDb();
  // Only owners add numbers, within the tenant's quota (docs/product.md#security).
  const isOwner = admin.role === 'owner';
  // The Reserved tags panel reads the tags afresh: the filter's cached list may lag a new tag.
  const [page, { organizations, tags }, inventory, reserved, tagsNow] = await Promise.all([
    getNumbersPage(db, admin, query),
    filterOptionsInScope(db, admin),
    isOwner ? numberInventory(db, admin.tenantId) : null,
    listReservedTags(db, admin.tenantId),
    listTagsInScope(db, admin),
  ]);
  const filtered = Boolean(query.q || query.org || query.status || query.tag);

  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Numbers</h1>
      </div>

      <FilterForm label="Filter numbers" clearHref="/numbers" filtered={filtered}>
        <FilterSearch defaultValue={query.q} placeholder="Digits of the number, or the user's name" />
        <FilterSelect name="org" label="Organization" anyLabel="All organizations" defaultValue={query.org}>
          <OrganizationOptions organizations={organizations} />
        </FilterSelect>
        <FilterSelect name="tag" label="Tag" anyLabel="Any tag" defaultValue={query.tag}>
          <option value={NO_TAG}>No tag</option>
          <ValueOptions values={tags} />
        </FilterSelect>
        <FilterSelect name="status" label="Status" anyLabel="Any status" defaultValue={query.status}>
          {NUMBER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {NUMBER_STATUS_LABELS[s]}
            </option>
          ))}
        </FilterSelect>
        {query.size !== 100 && <input type="hidden" name="size" value={query.size} />}
      </FilterForm>

      <NumbersTable
        rows={page.rows}
        organizations={organizations}
        defaultOrganizationId={query.org ?? admin.organizationId}
        inventory={inventory}
        emptyState={
          page.rows.length > 0 ? null : (
            <ListEmptyState
              pastLastPage={page.total > 0}
              filtered={filtered}
              firstPageHref={`/numbers${numbersQueryString(query, { page: 1 })}`}
              clearHref="/numbers"
              pastLastPageMessage={`There are no numbers on page ${page.page}.`}
              noMatchMessage="No numbers match these filters."
              emptyMessage={
                isOwner
                  ? 'There are no numbers in your organizations yet. Add some with Add numbers.'
                  : 'There are no numbers in your organizations yet. An owner adds them with Add numbers.'
              }
            />
          )
        }
      />
      {page.rows.length > 0 && (
        <Pagination
          page={page}
          noun={['number', 'numbers']}
          sizes={NUMBER_PAGE_SIZES}
          href={(changes) => `/numbers${numbersQueryString(query, changes)}`}
        />
      )}
      <ReservedTagsPanel
        tenantId={admin.tenantId}
        tags={tagsWithReserved(tagsNow, reserved, isOwner)}
        canChange={isOwner}
      />
    </div>
  );
}

/**
 * The tags in scope, each marked reserved or not; for an owner (whose scope is the tenant) also the
 * reserved tags no number carries yet, so that they can be released.
 */
function tagsWithReserved(inScope: string[], reserved: string[], isOwner: boolean) {
  const reservedSet = new Set(reserved);
  const all = isOwner ? [...new Set([...inScope, ...reserved])].sort() : inScope;
  return all.map((tag) => ({ tag, reserved: reservedSet.has(tag) }));
}
