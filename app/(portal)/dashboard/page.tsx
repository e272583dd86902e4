import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { requireAdmin } from '@/lib/auth/current-admin';
import { accountsHref, funnelBars } from '@/lib/dashboard/chart-config';
import { getInvitationFunnel } from '@/lib/dashboard/invitation-funnel';
import { getNumberUtilization } from '@/lib/dashboard/number-utilization';
import { filterOptionsInScope, type OrganizationOption } from '@/lib/organizations/list-organizations';
import { first } from '@/lib/url-query';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { FunnelChart, UtilizationChart } from './charts';
import { FunnelTable, UtilizationTable } from './figures';

export const metadata: Metadata = { title: 'Dashboard' };

const orgParam = z.preprocess(first, z.uuid().optional()).catch(undefined);

/**
 * Numbers and invitations of the organizations in scope (or of one subtree, `?org=`): each as a chart
 * and the same figures as a table. What the charts show and how is lib/dashboard/chart-config.ts.
 */
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
  const organizationHref = (id: string) => accountsHref({ org: id });
  const bars = funnelBars(org);

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <DashboardFilter organizations={organizations} org={org} />
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
            <UtilizationChart organizations={utilization} accountsHref={organizationHref} />
            <UtilizationTable organizations={utilization} accountsHref={organizationHref} />
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
        <FunnelTable funnel={funnel} bars={bars} />
        <p className="text-xs text-slate-600">
          Delivered, Bounced and Failed count the accounts by the delivery of their current invitation, as reported by
          the email or SMS provider; each bar opens the Accounts page filtered by that delivery.
        </p>
      </section>
    </div>
  );
}

/** The organization filter: a GET form, so the view lives in the URL. */
function DashboardFilter({ organizations, org }: { organizations: OrganizationOption[]; org: string | undefined }) {
  return (
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
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700">
        Apply
      </button>
      {org && (
        <Link href="/dashboard" className="py-1.5 text-sm text-brand-600 underline">
          All organizations
        </Link>
      )}
    </form>
  );
}
