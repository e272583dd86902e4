import type { ReactNode } from 'react';
import { DELIVERY_LABELS, STATUS_LABELS } from '@/lib/accounts/account-status';
import type {
  AccountActivation,
  AccountAuditEvent,
  AccountDetails,
  AccountInvitation,
} from '@/lib/accounts/get-account-details';
import { formatPhone } from '@/lib/phone';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** A time in UTC, as every date of the portal is shown. */
export function Time({ at }: { at: Date | null }) {
  if (!at) return <span className="muted">—</span>;
  return <time dateTime={at.toISOString()}>{timeFormat.format(at)}</time>;
}

/** A titled section of the page: a region named by its heading. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The account's fields. */
export function AccountFields({ account }: { account: AccountDetails }) {
  const rows: [string, ReactNode][] = [
    ['First Name', account.firstName],
    ['Last Name', account.lastName],
    ['Email', account.email ?? '—'],
    ['Device #', formatPhone(account.deviceNumber) ?? '—'],
    ['Organization', `${account.organization.name} (${account.organization.code})`],
    ['User Permissions', account.permissionGroup],
    [
      'Number',
      account.number ? `${formatPhone(account.number)}${account.numberTag ? ` (${account.numberTag})` : ''}` : '—',
    ],
    ['Status', STATUS_LABELS[account.status]],
    ['Personal phone', account.personalPhoneMasked ?? '—'],
    ['Invited at', <Time key="invited" at={account.invitedAt} />],
    ['Invitation expires', <Time key="expires" at={account.invitationExpiresAt} />],
    ['Activated at', <Time key="activated" at={account.activatedAt} />],
    ['Created', <Time key="created" at={account.createdAt} />],
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-xl border border-slate-200 bg-white p-4 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-600">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A table of a section, or the sentence saying there is nothing to list. */
function HistoryTable({
  caption,
  columns,
  empty,
  children,
}: {
  caption: string;
  columns: string[];
  empty: string | null;
  children: ReactNode;
}) {
  if (empty) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="data-table w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function invitationState(i: AccountInvitation): string {
  if (!i.current) return 'Superseded';
  if (i.usedAt) return 'Current (used)';
  return i.expiresAt < new Date() ? 'Current (expired)' : 'Current';
}

/** Every invitation sent (the last 50), newest first, with what happened to its message. */
export function InvitationsTable({ invitations }: { invitations: AccountInvitation[] }) {
  return (
    <HistoryTable
      caption="Invitations"
      columns={['Sent at (UTC)', 'Channel', 'To', 'Delivery', 'State', 'Expires (UTC)']}
      empty={invitations.length === 0 ? 'No invitation has been sent to this account.' : null}
    >
      {invitations.map((i) => (
        <tr key={i.id} className="align-top">
          <th scope="row" className="!font-normal">
            <Time at={i.createdAt} />
            <span className="note">{i.automatic ? 'automatic reminder' : (i.sentBy ?? '')}</span>
          </th>
          <td>{i.channel === 'sms' ? 'SMS' : 'Email'}</td>
          <td>{i.channel === 'sms' ? formatPhone(i.destination) : i.destination}</td>
          <td className="!whitespace-normal">
            <ul>
              {i.events.map((e, n) => (
                <li key={n}>
                  {DELIVERY_LABELS[e.state] ?? e.state}
                  {e.detail && <span className="muted"> ({e.detail})</span>} · <Time at={e.occurredAt} />
                </li>
              ))}
            </ul>
          </td>
          <td>
            {invitationState(i)}
            {i.supersededAt && (
              <span className="note">
                <Time at={i.supersededAt} />
              </span>
            )}
          </td>
          <td>
            <Time at={i.expiresAt} />
          </td>
        </tr>
      ))}
    </HistoryTable>
  );
}

/** The first activation and the reinstalls, with the personal phone masked. */
export function ActivationsTable({
  activations,
  personalPhoneMasked,
}: {
  activations: AccountActivation[];
  personalPhoneMasked: string | null;
}) {
  return (
    <HistoryTable
      caption="Activations"
      columns={['Activated at (UTC)', 'Kind', 'Through', 'Number', 'Personal phone']}
      empty={activations.length === 0 ? 'This account has not been activated.' : null}
    >
      {activations.map((a, n) => (
        <tr key={n}>
          <th scope="row" className="!font-normal">
            <Time at={a.at} />
          </th>
          <td>{a.reinstall ? 'Reinstall' : 'Activation'}</td>
          <td>{a.channel === 'web' ? 'Activation link' : a.channel === 'app' ? 'Mobile app' : '—'}</td>
          <td>{formatPhone(a.number) ?? '—'}</td>
          <td>{personalPhoneMasked ?? '—'}</td>
        </tr>
      ))}
    </HistoryTable>
  );
}

const FIELD_LABELS: Record<AccountAuditEvent['changes'][number]['field'], string> = {
  firstName: 'First Name',
  lastName: 'Last Name',
  email: 'Email',
  deviceNumber: 'Device #',
};

/** The audit events naming the account (the last 50), newest first. */
export function AuditTrailTable({ events }: { events: AccountAuditEvent[] }) {
  return (
    <HistoryTable
      caption="Audit trail"
      columns={['When (UTC)', 'Who', 'Action', 'Details', 'From (IP)']}
      empty={events.length === 0 ? 'No event has been recorded for this account.' : null}
    >
      {events.map((e) => (
        <tr key={e.id} className="align-top">
          <td>
            <Time at={e.createdAt} />
          </td>
          <td>{e.actorEmail ?? <span className="muted">The user (activation)</span>}</td>
          <th scope="row">{e.actionLabel}</th>
          <td className="!whitespace-normal">
            {e.changes.length === 0 ? (
              <span className="muted">—</span>
            ) : (
              <ul>
                {e.changes.map((c) => (
                  <li key={c.field}>
                    {FIELD_LABELS[c.field]}: {c.old ?? '(none)'} → {c.new ?? '(none)'}
                  </li>
                ))}
                {e.invitationVoided && <li>Invitation voided</li>}
              </ul>
            )}
          </td>
          <td>{e.ipAddress ?? <span className="muted">—</span>}</td>
        </tr>
      ))}
    </HistoryTable>
  );
}
