/**
 * The Dashboard's charts as data (docs/decisions.md, dashboard charts): their series, labels, colours,
 * scales, and where each bar leads; the page and its chart components (app/(portal)/dashboard/) are
 * the layout. Plain data and pure functions only. Colours are Tailwind classes: Tailwind finds them
 * in this file as in any other of the project.
 */
import {
  type AccountStatusFilter,
  accountsQueryString,
  type DeliveryFilter,
  parseAccountsQuery,
} from '@/lib/accounts/accounts-query';
import type { InvitationFunnel } from '@/lib/dashboard/invitation-funnel';
import type { OrganizationUtilization } from '@/lib/dashboard/number-utilization';

const numberFormat = new Intl.NumberFormat('en-US');

/** A figure as the Dashboard writes it: 1,234. */
export const formatCount = (n: number) => numberFormat.format(n);

/** `part` as a whole percentage of `whole`; a dash when there is no whole. */
export const percentOf = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);

/** The CSS width of a bar: a share of the chart's largest value; a non-zero value stays visible. */
export const barWidth = (value: number, max: number) =>
  value === 0 ? '0%' : `max(0.5rem, ${(100 * value) / Math.max(max, 1)}%)`;

/**
 * The Accounts page, filtered: where the Dashboard's bars and rows lead. `org` is the Dashboard's own
 * organization filter (or a row's organization), kept in every link.
 */
export function accountsHref(filter: {
  org?: string;
  status?: AccountStatusFilter;
  delivery?: DeliveryFilter;
}): string {
  return `/accounts${accountsQueryString(parseAccountsQuery({}), filter)}`;
}

// Number utilization by organization: horizontal stacked bars, assigned then available.

/** The segments of an organization's bar, in order, with the legend's label and the segment's name. */
export const UTILIZATION_SERIES = [
  { key: 'assigned', label: 'Assigned', noun: 'assigned numbers', colour: 'bg-brand-600' },
  { key: 'available', label: 'Available', noun: 'available numbers', colour: 'bg-emerald-400' },
] as const satisfies readonly {
  key: keyof OrganizationUtilization;
  label: string;
  noun: string;
  colour: string;
}[];

/** The utilization chart's scale: the largest pool (assigned and available), so organizations compare. */
export function utilizationMax(organizations: OrganizationUtilization[]): number {
  return Math.max(1, ...organizations.map((o) => o.assigned + o.available));
}

// The invitation funnel: horizontal bars scaled to every account in scope.

export type FunnelTone = 'stage' | 'problem' | 'neutral';

export const FUNNEL_TONE_COLOURS: Record<FunnelTone, string> = {
  stage: 'bg-brand-600',
  problem: 'bg-red-500',
  neutral: 'bg-slate-400',
};

export interface FunnelBar {
  key: keyof InvitationFunnel;
  label: string;
  /** What the bar's link opens, ending its accessible name. */
  description: string;
  href: string;
  tone: FunnelTone;
  /** The figures table gives it as a share of the invited accounts (not for those never invited). */
  shareOfInvited: boolean;
}

/**
 * The funnel's bars, in order: the stages (invited → delivered → activated), then what needs attention
 * (bounced, failed, expired) and the accounts never invited, each linked to the Accounts page with the
 * filter that shows exactly the accounts it counts, within the Dashboard's organization `org`: Delivered,
 * Bounced and Failed by the current invitation's delivery state, the others by status.
 */
export function funnelBars(org: string | undefined): FunnelBar[] {
  const bar = (
    key: FunnelBar['key'],
    label: string,
    filter: { status?: AccountStatusFilter; delivery?: DeliveryFilter },
    description: string,
    tone: FunnelTone,
  ): FunnelBar => ({
    key,
    label,
    description,
    href: accountsHref({ org, ...filter }),
    tone,
    shareOfInvited: key !== 'notInvited',
  });
  return [
    bar('invited', 'Invited', {}, 'Show all accounts', 'stage'),
    bar('delivered', 'Delivered', { delivery: 'delivered' }, 'Show accounts with a delivered invitation', 'stage'),
    bar('activated', 'Activated', { status: 'active' }, 'Show active accounts', 'stage'),
    bar('bounced', 'Bounced', { delivery: 'bounced' }, 'Show accounts with a bounced invitation', 'problem'),
    bar('failed', 'Failed', { delivery: 'failed' }, 'Show accounts with a failed invitation', 'problem'),
    bar('expired', 'Expired', { status: 'expired' }, 'Show expired accounts', 'problem'),
    bar('notInvited', 'Not invited', { status: 'not_invited' }, 'Show accounts not invited', 'neutral'),
  ];
}

/** The funnel chart's scale: every account in scope. */
export function funnelMax(funnel: InvitationFunnel): number {
  return Math.max(1, funnel.total);
}
