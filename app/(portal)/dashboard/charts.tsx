import Link from 'next/link';
import type { InvitationFunnel } from '@/lib/dashboard/invitation-funnel';
import type { OrganizationUtilization } from '@/lib/dashboard/number-utilization';

const numberFormat = new Intl.NumberFormat('en-US');
const fmt = (n: number) => numberFormat.format(n);
/** Width of a bar as a share of the chart's largest value; a non-zero value stays visible. */
const width = (value: number, max: number) =>
  value === 0 ? '0%' : `max(0.5rem, ${(100 * value) / Math.max(max, 1)}%)`;

/**
 * Numbers per organization as horizontal stacked bars (assigned, then available), scaled to the
 * largest pool so that organizations compare. Plain HTML and CSS: no chart library in the bundle.
 * Each segment is a link to the organization's accounts; the figure is named by its caption, and the
 * table below it holds the same figures for anyone who does not see the bars.
 */
export function UtilizationChart({
  organizations,
  accountsHref,
}: {
  organizations: OrganizationUtilization[];
  accountsHref: (organizationId: string) => string;
}) {
  const max = Math.max(1, ...organizations.map((o) => o.assigned + o.available));
  return (
    <figure aria-labelledby="utilization-caption" className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption id="utilization-caption" className="mb-3 flex flex-wrap items-center gap-4 text-sm font-medium">
        Number utilization by organization
        <span className="flex items-center gap-1 text-xs font-normal text-slate-600">
          <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm bg-brand-600" /> Assigned
        </span>
        <span className="flex items-center gap-1 text-xs font-normal text-slate-600">
          <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm bg-emerald-400" /> Available
        </span>
      </figcaption>
      <ul className="space-y-2">
        {organizations.map((o) => {
          const total = o.assigned + o.available;
          const name = `${o.name} (${o.code})`;
          return (
            <li key={o.id} className="grid grid-cols-[12rem_1fr_9rem] items-center gap-3 text-sm">
              <span className="truncate" style={{ paddingLeft: `${o.depth}rem` }}>
                {name}
              </span>
              <span className="flex h-5 overflow-hidden rounded bg-slate-100">
                {total === 0 ? (
                  <Link href={accountsHref(o.id)} className="px-2 text-xs leading-5 text-slate-500 hover:underline">
                    No numbers
                  </Link>
                ) : (
                  <>
                    <Link
                      href={accountsHref(o.id)}
                      aria-label={`${name}: ${fmt(o.assigned)} assigned numbers. Show its accounts`}
                      className="h-full bg-brand-600 hover:opacity-80"
                      style={{ width: width(o.assigned, max) }}
                    />
                    <Link
                      href={accountsHref(o.id)}
                      aria-label={`${name}: ${fmt(o.available)} available numbers. Show its accounts`}
                      className="h-full bg-emerald-400 hover:opacity-80"
                      style={{ width: width(o.available, max) }}
                    />
                  </>
                )}
              </span>
              <span className="text-xs text-slate-600 tabular-nums">
                {fmt(o.assigned)} of {fmt(total)} assigned
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

export interface FunnelBar {
  key: keyof InvitationFunnel;
  label: string;
  description: string;
  href: string;
  tone: 'stage' | 'problem' | 'neutral';
}

const TONES: Record<FunnelBar['tone'], string> = {
  stage: 'bg-brand-600',
  problem: 'bg-red-500',
  neutral: 'bg-slate-400',
};

/**
 * The invitation funnel as horizontal bars scaled to every account in scope: the stages (invited →
 * delivered → activated), then what needs attention (bounced, failed, expired) and the accounts never
 * invited. Each bar links to the Accounts page with the closest filter.
 */
export function FunnelChart({ funnel, bars }: { funnel: InvitationFunnel; bars: FunnelBar[] }) {
  const max = Math.max(1, funnel.total);
  return (
    <figure aria-labelledby="funnel-caption" className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption id="funnel-caption" className="mb-3 text-sm font-medium">
        Invitation funnel
      </figcaption>
      <ul className="space-y-2">
        {bars.map((b) => {
          const value = funnel[b.key];
          return (
            <li key={b.key} className="grid grid-cols-[12rem_1fr_5rem] items-center gap-3 text-sm">
              <span>{b.label}</span>
              <Link
                href={b.href}
                aria-label={`${b.label}: ${fmt(value)} ${value === 1 ? 'account' : 'accounts'}. ${b.description}`}
                className="flex h-5 rounded bg-slate-100 hover:ring-2 hover:ring-brand-600"
              >
                <span className={`h-full rounded ${TONES[b.tone]}`} style={{ width: width(value, max) }} />
              </Link>
              <span className="text-right tabular-nums">{fmt(value)}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
