import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { activityFilterOptions } from '@/lib/activity/activity-filter-options';
import { activityQueryString, parseActivityQuery } from '@/lib/activity/activity-query';
import { actionLabel } from '@/lib/activity/action-labels';
import { getActivityPage } from '@/lib/activity/get-activity-page';
import { requireAdmin } from '@/lib/auth/current-admin';
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

      <form
        method="get"
        role="search"
        aria-label="Filter activity"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
      >
        <div>
          <label htmlFor="admin" className="block text-xs font-medium text-slate-600">
            Administrator
          </label>
          <select
            id="admin"
            name="admin"
            defaultValue={query.admin?.toLowerCase() ?? ''}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">Any administrator</option>
            {administrators.map((email) => (
              <option key={email} value={email}>
                {email}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="action" className="block text-xs font-medium text-slate-600">
            Action
          </label>
          <select
            id="action"
            name="action"
            defaultValue={query.action ?? ''}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="block text-xs font-medium text-slate-600">
            From (UTC)
          </label>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={query.from}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1"
          />
        </div>
        <div>
          <label htmlFor="to" className="block text-xs font-medium text-slate-600">
            To (UTC)
          </label>
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={query.to}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1"
          />
        </div>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700">
          Apply
        </button>
        {filtered && (
          <Link href="/activity" className="py-1.5 text-sm text-brand-600 underline">
            Clear filters
          </Link>
        )}
      </form>

      {page.rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
          {query.before || query.after ? (
            <>
              <p className="font-medium">There are no more events.</p>
              <Link
                href={`/activity${activityQueryString(filters)}`}
                className="mt-2 inline-block text-brand-600 underline"
              >
                Go to the newest events
              </Link>
            </>
          ) : filtered ? (
            <>
              <p className="font-medium">No events match these filters.</p>
              <Link href="/activity" className="mt-2 inline-block text-brand-600 underline">
                Clear filters
              </Link>
            </>
          ) : (
            <p className="font-medium">Nothing has happened in your organizations yet.</p>
          )}
        </div>
      ) : (
        <ActivityTable rows={page.rows} />
      )}

      {(page.newer || page.older) && (
        <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center gap-4 text-sm">
          <p className="text-slate-600">Newest first. Times in UTC.</p>
          <span className="ml-auto" />
          {page.newer && (
            <>
              <Link
                href={`/activity${activityQueryString(filters)}`}
                className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
              >
                Newest
              </Link>
              <Link
                href={`/activity${activityQueryString(filters, { after: page.newer })}`}
                className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
              >
                Newer
              </Link>
            </>
          )}
          {page.older && (
            <Link
              href={`/activity${activityQueryString(filters, { before: page.older })}`}
              className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
            >
              Older
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
