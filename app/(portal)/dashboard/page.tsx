import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { type AccountStatusFilter, accountsQueryString, parseAccountsQuery } from '@/lib/accounts/accounts-query';
import { requireAdmin } from '@/lib/auth/current-admin';
import { getInvitationFunnel } from '@/lib/dashboard/invitation-funnel';
import { getNumberUtilization } from '@/lib/dashboard/number-utilization';
import { filterOptionsInScope } from '@/lib/organizations/list-organizations';
import { first } from '@/lib/url-query';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { type FunnelBar, FunnelChart, UtilizationChart } from './charts';

export const metadata: Metadata = { title: 'Dashboard' };

const numberFormat = new Intl.NumberFormat('en-US');
const fmt = (n: number) => numberFormat.format(n);
const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);

const orgParam = z.preprocess(first, z.uuid().optional()).catch(undefined);

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const org = orgParam.parse((await searchParams).org);
  const db = await getDb();
  const [utilization, funnel, { organizations }] = await Promise.all([
    getNumberUtilization(db, admin, org),
    getInvitationFunnel(db, admin, org),
    filterOptionsInScope(db, admin),
  ]);
  const accountsHref = (changes: { org?: string; status?: AccountStatusFilter }) =>
    `/accounts${accountsQueryString(parseAccountsQuery({}), { org, ...changes })}`;

  // The Accounts page has no delivery-state filter: Delivered, Bounced and Failed link to Pending,
  // where the Status column shows each invitation's delivery (problems in red).
  const bars: FunnelBar[] = [
    { key: 'invited', label: 'Invited', description: 'Show all accounts', href: accountsHref({}), tone: 'stage' },
    {
      key: 'delivered',
      label: 'Delivered',
      description: 'Show pending accounts',
      href: accountsHref({ status: 'pending' }),
      tone: 'stage',
    },
    {
      key: 'activated',
      label: 'Activated',
      description: 'Show active accounts',
      href: accountsHref({ status: 'active' }),
      tone: 'stage',
    },
    {
      key: 'bounced',
      label: 'Bounced',
      description: 'Show pending accounts',
      href: accountsHref({ status: 'pending' }),
      tone: 'problem',
    },
    {
      key: 'failed',
      label: 'Failed',
      description: 'Show pending accounts',
      href: accountsHref({ status: 'pending' }),
      tone: 'problem',
    },
    {
      key: 'expired',
      label: 'Expired',
      description: 'Show expired accounts',
      href: accountsHref({ status: 'expired' }),
      tone: 'problem',
    },
    {
      key: 'notInvited',
      label: 'Not invited',
      description: 'Show accounts not invited',
      href: accountsHref({ status: 'not_invited' }),
      tone: 'neutral',
    },
  ];

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <form method="get" role="search" aria-label="Filter the dashboard" className="flex items-end gap-3">
          <div>
            <label htmlFor="org" className="block text-xs font-medium text-slate-600">
              Organization
            </label>
            <select
              id="org"
              name="org"
              defaultValue={org ?? ''}
              className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
            >
              <option value="">All organizations</option>
              <OrganizationOptions organizations={organizations} />
            </select>
          </div>
          <button
            type="submit"
            className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700"
          >
            Apply
          </button>
          {org && (
            <Link href="/dashboard" className="py-1.5 text-sm text-brand-600 underline">
              All organizations
            </Link>
          )}
        </form>
      </div>

      <section aria-labelledby="numbers-heading" className="space-y-3">
        <h2 id="numbers-heading" className="text-lg font-semibold">
          Numbers
        </h2>
        {utilization.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center">
            No organizations match this filter.
          </p>
        ) : (
          <>
            <UtilizationChart organizations={utilization} accountsHref={(id) => accountsHref({ org: id })} />
            <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
              <table className="data-table w-full text-left text-sm">
                <caption className="sr-only">Numbers per organization</caption>
                <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
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
                  {utilization.map((o) => (
                    <tr key={o.id}>
                      <th scope="row" style={{ paddingLeft: `${0.75 + o.depth}rem` }}>
                        <Link href={accountsHref({ org: o.id })} className="text-brand-600 hover:underline">
                          {o.name} <span className="muted">({o.code})</span>
                        </Link>
                      </th>
                      <td className="text-right tabular-nums">{fmt(o.assigned)}</td>
                      <td className="text-right tabular-nums">{fmt(o.available)}</td>
                      <td className="text-right tabular-nums">{percent(o.assigned, o.assigned + o.available)}</td>
                      <td className={`text-right tabular-nums ${o.headroom < 0 ? 'font-medium text-red-700' : ''}`}>
                        {fmt(o.headroom)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="text-xs text-slate-600">
              Headroom: available numbers minus the accounts without a number that are not yet Active (each takes a
              number when it activates). Each organization counts its own numbers, not its sub-organizations&apos;.
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="invitations-heading" className="space-y-3">
        <h2 id="invitations-heading" className="text-lg font-semibold">
          Invitations
        </h2>
        <FunnelChart funnel={funnel} bars={bars} />
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="data-table w-full text-left text-sm">
            <caption className="sr-only">Invitation funnel figures</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
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
                  <td className="text-right tabular-nums">{fmt(funnel[b.key])}</td>
                  <td className="text-right tabular-nums">
                    {b.key === 'notInvited' ? '—' : percent(funnel[b.key], funnel.invited)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-xs text-slate-600">
          Delivered counts every Active account too (an activation proves the invitation arrived). Bounced and Failed
          count accounts not yet activated whose current invitation could not be delivered. The Accounts page has no
          delivery filter: those bars open the Pending accounts, whose Status column shows the delivery.
        </p>
      </section>
    </div>
  );
}
