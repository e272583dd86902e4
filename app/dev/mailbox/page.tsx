import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db';
import { isMailboxServed, listMailbox, MAILBOX_LIST_LIMIT } from '@/lib/delivery/mailbox';
import { requireAdmin } from '@/lib/auth/current-admin';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Development mailbox', robots: { index: false, follow: false } };
// Read per request: the build must never open the database, and new messages arrive all the time.
export const dynamic = 'force-dynamic';

const timeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * The development mailbox: in demo mode (or a test server with DEV_MAILBOX=1), with no email or SMS
 * provider configured, every invitation lands here instead of the users' inboxes. It holds
 * activation passwords and set-password links, so it needs a signed-in administrator and shows only
 * the messages in their scope (lib/delivery/mailbox.ts).
 */
export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!isMailboxServed(getEnv())) notFound();
  const admin = await requireAdmin();
  const params = await searchParams;
  const to = typeof params.to === 'string' ? params.to.trim().slice(0, 200) : '';
  const { messages, truncated } = await listMailbox(await getDb(), admin, { to: to || undefined });

  return (
    <main className="mx-auto max-w-6xl p-6">
      <h1 className="text-2xl font-semibold">Development mailbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        No email or SMS provider is configured, so invitations are delivered here instead. Newest first.
      </p>

      <form
        method="get"
        role="search"
        aria-label="Search the mailbox"
        className="my-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
      >
        <div className="min-w-64 flex-1">
          <label htmlFor="to" className="block text-xs font-medium text-slate-600">
            Recipient
          </label>
          <input
            id="to"
            name="to"
            type="search"
            defaultValue={to}
            placeholder="Email or phone number"
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5"
          />
        </div>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700">
          Search
        </button>
        {to && (
          <Link href="/dev/mailbox" className="py-1.5 text-sm text-brand-600 underline">
            Show all messages
          </Link>
        )}
      </form>

      {messages.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-8 text-center font-medium">
          {to ? `No messages to “${to}”.` : 'The mailbox is empty.'}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="data-table w-full text-left text-sm">
            <caption className="sr-only">Messages</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
              <tr>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Channel</th>
                <th scope="col">Received</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{m.recipient}</td>
                  <td className="max-w-md truncate">
                    <Link href={`/dev/mailbox/${m.id}`} className="text-brand-600 underline">
                      {m.subject}
                    </Link>
                  </td>
                  <td>{m.channel === 'sms' ? 'SMS' : 'Email'}</td>
                  <td>
                    <time dateTime={m.createdAt.toISOString()}>{timeFormat.format(m.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {truncated && (
        <p className="mt-3 text-sm text-slate-600">
          Showing the latest {MAILBOX_LIST_LIMIT} messages. Search by recipient to find older ones.
        </p>
      )}
    </main>
  );
}
