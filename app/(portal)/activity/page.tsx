import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { activityFilterOptions } from '@/lib/activity/activity-filter-options';
import { activityQueryString, parseActivityQuery } from '@/lib/activity/activity-query';
import { actionLabel } from '@/lib/activity/action-labels';
import { getActivityPage } from '@/lib/activity/get-activity-page';
import { requireAdmin } from '@/lib/auth/current-admin';
import {
  FilterDate,
  FilterForm,
  FilterSelect,
  ListEmptyState,
  PagerLink,
  PaginationNav,
  ValueOptions,
} from '@/app/_components/filters';
import { ActivityTable } from './activity-table';

export const metadata: Metadata = { title: 'Activity' };

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const query = parseActivityQuery(await searchParams);
  const db = await getDb();
  const [page, options] = await Promise.all([getActivityPage(db, admin, query), activityFilterOptions(db, admin)]);
  const filters = { admin: query.admin, action: query.action, from: query.from, to: query.to };
  const filtered = Boolean(query.admin || query.action || query.from || query.to);
  // The cached choices may predate the filter's value (a new administrator, a new action).
  const administrators =
    query.admin && !options.administrators.includes(query.admin.toLowerCase())
      ? [...options.administrators, query.admin.toLowerCase()]
      : options.administrators;
  const actions =
    query.action && !options.actions.some((a) => a.value === query.action)
      ? [...options.actions, { value: query.action, label: actionLabel(query.action) }]
      : options.actions;

  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Activity</h1>
      </div>

      <FilterForm label="Filter activity" clearHref="/activity" filtered={filtered}>
        <FilterSelect
          name="admin"
          label="Administrator"
          anyLabel="Any administrator"
          defaultValue={query.admin?.toLowerCase()}
        >
          <ValueOptions values={administrators} />
        </FilterSelect>
        <FilterSelect name="action" label="Action" anyLabel="Any action" defaultValue={query.action}>
          {actions.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </FilterSelect>
        <FilterDate name="from" label="From (UTC)" defaultValue={query.from} />
        <FilterDate name="to" label="To (UTC)" defaultValue={query.to} />
      </FilterForm>

      {page.rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
          <ListEmptyState
            pastLastPage={Boolean(query.before || query.after)}
            filtered={filtered}
            firstPageHref={`/activity${activityQueryString(filters)}`}
            firstPageLabel="Go to the newest events"
            clearHref="/activity"
            pastLastPageMessage="There are no more events."
            noMatchMessage="No events match these filters."
            emptyMessage="Nothing has happened in your organizations yet."
          />
        </div>
      ) : (
        <ActivityTable rows={page.rows} />
      )}

      {(page.newer || page.older) && (
        <PaginationNav>
          <p className="text-slate-600">Newest first. Times in UTC.</p>
          <span className="ml-auto" />
          {page.newer && (
            <>
              <PagerLink href={`/activity${activityQueryString(filters)}`}>Newest</PagerLink>
              <PagerLink href={`/activity${activityQueryString(filters, { after: page.newer })}`}>Newer</PagerLink>
            </>
          )}
          {page.older && (
            <PagerLink href={`/activity${activityQueryString(filters, { before: page.older })}`}>Older</PagerLink>
          )}
        </PaginationNav>
      )}
    </div>
  );
}
