import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { getDb } from '@/lib/db';
import { describeSetPasswordLink } from '@/lib/administrators/set-password-link';
import { SetPasswordForm } from './set-password-form';

// Every visit reads the invitation as it is now; nothing of it may be cached.
export const dynamic = 'force-dynamic';

// The token is in the URL: keep the page out of search engines and out of Referer headers.
export const metadata: Metadata = {
  title: 'Set your password',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

const ROLE_DESCRIPTIONS = { owner: 'Owner (the whole tenant)', admin: 'Admin' } as const;

/**
 * An administrator's invitation link. Opening it only reads (mail scanners and link previews open
 * links too); the form's POST (a server action) sets the password.
 */
export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await describeSetPasswordLink(await getDb(), token);

  switch (link.state) {
    case 'unknown':
      return (
        <Notice heading="This link is not valid">
          Check that you opened the whole link from your invitation email. If it still does not work, ask an
          administrator to send you a new invitation.
        </Notice>
      );
    case 'superseded':
      return (
        <Notice heading="This invitation has been replaced">
          A newer invitation was sent to you, so this link no longer works. Open the link in your latest invitation
          email.
        </Notice>
      );
    case 'used':
      return (
        <Notice heading="Your password is already set" signIn>
          This link has been used. Sign in with the password you chose; if you forgot it, ask an administrator to resend
          your invitation.
        </Notice>
      );
    case 'expired':
      return (
        <Notice heading="This invitation has expired">
          Ask an administrator at {link.organizationName} to resend your invitation, then open the link in the new one.
        </Notice>
      );
    case 'ready':
      return (
        <Card>
          <SetPasswordForm
            token={token}
            name={link.name}
            email={link.email}
            roleLabel={ROLE_DESCRIPTIONS[link.role]}
            organizationName={link.organizationName}
          />
        </Card>
      );
  }
}

function Card({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">{children}</div>
    </main>
  );
}

function Notice({ heading, children, signIn }: { heading: string; children: ReactNode; signIn?: boolean }) {
  return (
    <Card>
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">MultiLine Admin Portal</p>
      <h1 className="mt-1 text-2xl font-semibold">{heading}</h1>
      <p className="mt-3 text-slate-700">{children}</p>
      {signIn && (
        <Link href="/sign-in" className="mt-4 inline-block text-brand-600 underline">
          Sign in
        </Link>
      )}
    </Card>
  );
}
