import Link from 'next/link';
import { actorWithoutAdministrator } from '@/lib/activity/action-labels';
import type { ActivityRow } from '@/lib/activity/get-activity-page';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** The audit events of one page: a server component, no client JavaScript. */
export function ActivityTable({ rows }: { rows: ActivityRow[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="data-table w-full text-left text-sm">
        <caption className="sr-only">Activity</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Administrator</th>
            <th scope="col">Action</th>
            <th scope="col">Records</th>
            <th scope="col">Organization</th>
            <th scope="col">From (IP)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td>
                <time dateTime={r.createdAt.toISOString()}>{timeFormat.format(r.createdAt)}</time>
              </td>
              <td>{r.actorEmail ?? <span className="muted">{actorWithoutAdministrator(r.action)}</span>}</td>
              <th scope="row">{r.actionLabel}</th>
              <td className="!whitespace-normal">
                <Targets targets={r.targets} />
              </td>
              <td>
                {r.organization ? (
                  <>
                    {r.organization.name} <span className="muted">({r.organization.code})</span>
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{r.ipAddress ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Targets({ targets }: { targets: ActivityRow['targets'] }) {
  if (targets.count === 0) return <span className="muted">—</span>;
  const rest = targets.count - targets.named.length - targets.ids.length;
  return (
    <span>
      {targets.count} {targets.noun}
      {targets.named.length > 0 && ': '}
      {targets.named.map((t, i) => (
        <span key={i}>
          {i > 0 && ', '}
          {t.href ? (
            <Link href={t.href} className="text-brand-600 underline">
              {t.label}
            </Link>
          ) : (
            t.label
          )}
        </span>
      ))}
      {targets.ids.length > 0 && (
        <span className="muted">
          {targets.named.length > 0 ? ', ' : ': '}
          {targets.ids.map((id) => (id.length > 13 ? `${id.slice(0, 8)}…` : id)).join(', ')}
        </span>
      )}
      {rest > 0 && <span className="muted"> and {rest} more</span>}
      {targets.note && <span className="note">({targets.note})</span>}
    </span>
  );
}
