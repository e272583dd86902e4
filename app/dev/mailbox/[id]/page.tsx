import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db';
import { findActivationLinks, getMailboxMessage, isMailboxServed, mailboxSubject } from '@/lib/delivery/mailbox';
import { requireAdmin } from '@/lib/auth/current-admin';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Development mailbox', robots: { index: false, follow: false } };
export const dynamic = 'force-dynamic';

const timeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * One message of the development mailbox, in the administrator's scope (see ../page.tsx). The HTML
 * part is shown in a fully sandboxed frame (no scripts, no same-origin access, no navigation of this
 * page); the links a tester must follow are taken from the text part and shown as ordinary links.
 */
export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (!isMailboxServed(getEnv())) notFound();
  const admin = await requireAdmin();
  const { id } = await params;
  const message = await getMailboxMessage(await getDb(), admin, id);
  if (!message) notFound();

  const subject = mailboxSubject(message);
  const links = findActivationLinks(message.text);

  return (
    <main className="mx-auto max-w-5xl p-6">
      <Link href="/dev/mailbox" className="text-sm text-brand-600 underline">
        Back to the mailbox
      </Link>
      <h1 className="mt-3 text-2xl font-semibold">{subject}</h1>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium text-slate-600">To</dt>
        <dd>{message.recipient}</dd>
        <dt className="font-medium text-slate-600">Channel</dt>
        <dd>{message.channel === 'sms' ? 'SMS' : 'Email'}</dd>
        <dt className="font-medium text-slate-600">Received</dt>
        <dd>
          <time dateTime={message.createdAt.toISOString()}>{timeFormat.format(message.createdAt)}</time>
        </dd>
      </dl>

      {links.length > 0 && (
        <section aria-labelledby="links-heading" className="mt-6">
          <h2 id="links-heading" className="text-lg font-semibold">
            Links
          </h2>
          <ul className="mt-2 space-y-1">
            {links.map((l) => (
              <li key={l.url}>
                <a href={l.url} className="font-medium text-brand-600 underline">
                  {l.label}
                </a>{' '}
                <span className="text-xs break-all text-slate-500">{l.url}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {message.channel === 'email' && message.html && (
        <section aria-labelledby="html-heading" className="mt-6">
          <h2 id="html-heading" className="text-lg font-semibold">
            HTML part
          </h2>
          <iframe
            title="HTML part"
            sandbox=""
            referrerPolicy="no-referrer"
            srcDoc={message.html}
            className="mt-2 h-[36rem] w-full rounded-xl border border-slate-200 bg-white"
          />
        </section>
      )}

      <section aria-labelledby="text-heading" className="mt-6">
        <h2 id="text-heading" className="text-lg font-semibold">
          Text part
        </h2>
        <pre className="mt-2 overflow-x-auto rounded-xl border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap">
          {message.text}
        </pre>
      </section>
    </main>
  );
}
