import Link from 'next/link';
import { type FunnelBar, formatCount, percentOf } from '@/lib/dashboard/chart-config';
import type { InvitationFunnel } from '@/lib/dashboard/invitation-funnel';
import type { OrganizationUtilization } from '@/lib/dashboard/number-utilization';

// The charts' figures as tables, beside each chart: the same numbers for anyone who does not see the bars.

const headClasses = 'border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase';

/** "Numbers per organization": assigned, available, utilization and headroom (negative in red), in tree order. */
export function UtilizationTable({
  organizations,
  accountsHref,
}: {
  organizations: OrganizationUtilization[];
  accountsHref: (organizationId: string) => string;
}) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="data-table w-full text-left text-sm">
        <caption className="sr-only">Numbers per organization</caption>
        <thead className={headClasses}>
          <tr>
            <th scope="col">Organization</th>
            <th scope="col" className="text-right">
              Assigned
            </th>
            <th scope="col" className="text-right">
              Available
            </th>
            <th scope="col" className="text-right">
              Utilization
            </th>
            <th scope="col" className="text-right">
              Headroom
            </th>
          </tr>
        </thead>
        <tbody>
          {organizations.map((o) => (
            <tr key={o.id}>
              <th scope="row" style={{ paddingLeft: `${0.75 + o.depth}rem` }}>
                <Link href={accountsHref(o.id)} className="text-brand-600 hover:underline">
                  {o.name} <span className="muted">({o.code})</span>
                </Link>
              </th>
              <td className="text-right tabular-nums">{formatCount(o.assigned)}</td>
              <td className="text-right tabular-nums">{formatCount(o.available)}</td>
              <td className="text-right tabular-nums">{percentOf(o.assigned, o.assigned + o.available)}</td>
              <td className={`text-right tabular-nums ${o.headroom < 0 ? 'font-medium text-red-700' : ''}`}>
                {formatCount(o.headroom)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Invitation funnel figures": each stage's accounts, and their share of the invited ones. */
export function FunnelTable({ funnel, bars }: { funnel: InvitationFunnel; bars: FunnelBar[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="data-table w-full text-left text-sm">
        <caption className="sr-only">Invitation funnel figures</caption>
        <thead className={headClasses}>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="text-right">
              Accounts
            </th>
            <th scope="col" className="text-right">
              Of invited
            </th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.key}>
              <th scope="row">
                <Link href={b.href} className="text-brand-600 hover:underline">
                  {b.label}
                </Link>
              </th>
              <td className="text-right tabular-nums">{formatCount(funnel[b.key])}</td>
              <td className="text-right tabular-nums">
                {b.shareOfInvited ? percentOf(funnel[b.key], funnel.invited) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
