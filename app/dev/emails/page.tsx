import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { isMailboxServed } from '@/lib/delivery/mailbox';
import { EMAIL_PREVIEWS } from '@/lib/delivery/previews';
import { requireAdmin } from '@/lib/auth/current-admin';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Email previews', robots: { index: false, follow: false } };
export const dynamic = 'force-dynamic';

/** The templates rendered with their preview props; a development tool, served with the mailbox. */
export default async function EmailPreviewsPage() {
  if (!isMailboxServed(getEnv())) notFound();
  await requireAdmin();
  return (
    <main className="mx-auto max-w-3xl p-6">
      <h1 className="text-2xl font-semibold">Email previews</h1>
      <ul className="mt-4 space-y-2">
        {Object.entries(EMAIL_PREVIEWS).map(([key, preview]) => (
          <li key={key}>
            <a href={`/dev/emails/${key}`} className="text-brand-600 underline">
              {preview.title}
            </a>{' '}
            (
            <a href={`/dev/emails/${key}?format=text`} className="text-brand-600 underline">
              text part
            </a>
            , SMS:{' '}
            <a href={`/dev/emails/${key}?format=sms`} className="text-brand-600 underline">
              text
            </a>
            )
          </li>
        ))}
      </ul>
    </main>
  );
}
