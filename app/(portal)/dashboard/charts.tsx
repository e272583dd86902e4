import Link from 'next/link';
import {
  barWidth,
  FUNNEL_TONE_COLOURS,
  type FunnelBar,
  formatCount,
  funnelMax,
  UTILIZATION_SERIES,
  utilizationMax,
} from '@/lib/dashboard/chart-config';
import type { InvitationFunnel } from '@/lib/dashboard/invitation-funnel';
import type { OrganizationUtilization } from '@/lib/dashboard/number-utilization';

/**
 * Numbers per organization as horizontal stacked bars (lib/dashboard/chart-config.ts: the series,
 * their colours and the scale). Plain HTML and CSS: no chart library in the bundle. Each segment is a
 * link to the organization's accounts; the figure is named by its caption, and the table below it
 * holds the same figures for anyone who does not see the bars.
 */
export function UtilizationChart({
  organizations,
  accountsHref,
}: {
  organizations: OrganizationUtilization[];
  accountsHref: (organizationId: string) => string;
}) {
  const max = utilizationMax(organizations);
  return (
    <figure aria-labelledby="utilization-caption" className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption id="utilization-caption" className="mb-3 flex flex-wrap items-center gap-4 text-sm font-medium">
        Number utilization by organization
        {UTILIZATION_SERIES.map((s) => (
          <span key={s.key} className="flex items-center gap-1 text-xs font-normal text-slate-600">
            <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${s.colour}`} /> {s.label}
          </span>
        ))}
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
                  <Link href={accountsHref(o.id)} className="px-2 text-xs leading-5 text-slate-600 hover:underline">
                    No numbers
                  </Link>
                ) : (
                  UTILIZATION_SERIES.map((s) => (
                    <Link
                      key={s.key}
                      href={accountsHref(o.id)}
                      aria-label={`${name}: ${formatCount(o[s.key])} ${s.noun}. Show its accounts`}
                      className={`h-full ${s.colour} hover:opacity-80`}
                      style={{ width: barWidth(o[s.key], max) }}
                    />
                  ))
                )}
              </span>
              <span className="text-xs text-slate-600 tabular-nums">
                {formatCount(o.assigned)} of {formatCount(total)} assigned
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/**
 * The invitation funnel as horizontal bars scaled to every account in scope (lib/dashboard/chart-config.ts:
 * the bars, their order, colours and links). Each bar links to the Accounts page with the closest filter.
 */
export function FunnelChart({ funnel, bars }: { funnel: InvitationFunnel; bars: FunnelBar[] }) {
  const max = funnelMax(funnel);
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
                aria-label={`${b.label}: ${formatCount(value)} ${value === 1 ? 'account' : 'accounts'}. ${b.description}`}
                className="flex h-5 rounded bg-slate-100 hover:ring-2 hover:ring-brand-600"
              >
                <span
                  className={`h-full rounded ${FUNNEL_TONE_COLOURS[b.tone]}`}
                  style={{ width: barWidth(value, max) }}
                />
              </Link>
              <span className="text-right tabular-nums">{formatCount(value)}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
