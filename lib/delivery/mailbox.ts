import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { escapeLike } from '@/db/sql-helpers';
import {
  accounts,
  administrators,
  type DevMailboxMessage,
  devMailboxMessages,
  invitations,
  outboxMessages,
} from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import type { Env } from '@/lib/env';

/** The list shows at most this many messages, newest first; older ones are reached by searching. */
export const MAILBOX_LIST_LIMIT = 200;

/**
 * The development mailbox is served only where it stands in for real inboxes: demo mode, or a
 * deployment started with DEV_MAILBOX=1 (test servers), and no email or SMS provider configured.
 * Where served, it needs a signed-in administrator and shows only messages in their scope
 * (`mailboxScope`).
 */
export function isMailboxServed(env: Pick<Env, 'mailboxMode'>): boolean {
  return env.mailboxMode;
}

/**
 * The messages an administrator may read: invitations to accounts in their subtree; and
 * set-password messages to administrators, for an owner those of the tenant, for anyone their own.
 * A message whose invitation is gone (its account deleted) is no one's.
 */
function mailboxScope(admin: AdminScope): SQL {
  return sql`exists (
    select 1 from ${outboxMessages}
    join ${invitations} on ${invitations.id} = ${outboxMessages.invitationId}
    left join ${accounts} on ${accounts.id} = ${invitations.accountId}
    left join ${administrators} on ${administrators.id} = ${invitations.administratorId}
    where ${outboxMessages.id} = ${devMailboxMessages.outboxMessageId}
      and (${inScope(admin, accounts.organizationId)}
        or ${administrators.id} = ${admin.id}
        or (${admin.role === 'owner'} and ${inScope(admin, administrators.organizationId)})))`;
}

export interface MailboxListItem {
  id: number;
  channel: 'email' | 'sms';
  recipient: string;
  /** The subject, or an SMS's first line. */
  subject: string;
  createdAt: Date;
}

export interface MailboxList {
  messages: MailboxListItem[];
  /** More messages match than were returned. */
  truncated: boolean;
}

/** What the list and the page show as a message's title: its subject, or an SMS's first line. */
export function mailboxSubject(message: Pick<DevMailboxMessage, 'subject' | 'text'>): string {
  const subject = message.subject?.trim();
  if (subject) return subject;
  const firstLine = message.text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find(Boolean);
  return firstLine ?? '(no subject)';
}

/** The newest messages in the administrator's scope, optionally those whose recipient contains `to` (any case). */
export async function listMailbox(
  db: Db,
  admin: AdminScope,
  options: { to?: string; limit?: number } = {},
): Promise<MailboxList> {
  const limit = Math.max(1, Math.min(options.limit ?? MAILBOX_LIST_LIMIT, 1000));
  const to = options.to?.trim();
  const rows = await db
    .select({
      id: devMailboxMessages.id,
      channel: devMailboxMessages.channel,
      recipient: devMailboxMessages.recipient,
      subject: devMailboxMessages.subject,
      text: devMailboxMessages.text,
      createdAt: devMailboxMessages.createdAt,
    })
    .from(devMailboxMessages)
    .where(
      and(
        mailboxScope(admin),
        to ? sql`lower(${devMailboxMessages.recipient}) like ${`%${escapeLike(to.toLowerCase())}%`}` : undefined,
      ),
    )
    .orderBy(desc(devMailboxMessages.id))
    .limit(limit + 1);
  return {
    messages: rows.slice(0, limit).map((r) => ({
      id: r.id,
      channel: r.channel,
      recipient: r.recipient,
      subject: mailboxSubject(r),
      createdAt: r.createdAt,
    })),
    truncated: rows.length > limit,
  };
}

/** One message in the administrator's scope by the id in its URL; null for anything else. */
export async function getMailboxMessage(
  db: Db,
  admin: AdminScope,
  id: string | number,
): Promise<DevMailboxMessage | null> {
  const text = String(id);
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return null;
  const [row] = await db
    .select()
    .from(devMailboxMessages)
    .where(and(eq(devMailboxMessages.id, n), mailboxScope(admin)))
    .limit(1);
  return row ?? null;
}

export interface ActivationLink {
  url: string;
  kind: 'activation' | 'set-password';
  label: 'Open activation link' | 'Open set-password link';
}

/**
 * The links a tester needs to follow from a message: an account's activation link (/activate/<token>)
 * and an administrator's set-password link (/activate/admin/<token>; /set-password/ and
 * /invitations/admin/ are recognised too). Only http(s) URLs, each once, in order of appearance.
 */
export function findActivationLinks(text: string): ActivationLink[] {
  const links: ActivationLink[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(/https?:\/\/[^\s<>"'`]+/gi)) {
    // Sentence punctuation and closing brackets after a URL are not part of it.
    const url = match[0].replace(/[.,;:!?)\]}>]+$/, '');
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      continue;
    }
    if (seen.has(url)) continue;
    // An administrator's invitation (/activate/admin/<token>) is checked before an account's.
    if (/\/(activate\/admin|set-password|invitations\/admin)\/[^/]+/.test(path)) {
      links.push({ url, kind: 'set-password', label: 'Open set-password link' });
    } else if (/\/activate\/[^/]+/.test(path)) {
      links.push({ url, kind: 'activation', label: 'Open activation link' });
    } else {
      continue;
    }
    seen.add(url);
  }
  return links;
}
