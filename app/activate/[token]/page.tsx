import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getDb } from '@/lib/db';
import { describeInvitationLink } from '@/lib/activation/describe-invitation-link';
import { toNumberChoiceOptions } from '@/lib/activation/number-choices';
import { formatPhone } from '@/lib/phone';
import { ActivatedMessage } from './activated-message';
import { ActivationForm } from './activation-form';

// Every visit reads the invitation as it is now; nothing of it may be cached.
export const dynamic = 'force-dynamic';

// The token is in the URL: keep the page out of search engines and out of Referer headers.
export const metadata: Metadata = {
  title: 'Activate MultiLine',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

/**
 * The invitation's link. Opening it only reads (mail scanners and link previews open links too);
 * the form's POST (a server action) is what activates.
 */
export default async function ActivatePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await describeInvitationLink(await getDb(), token);

  switch (link.state) {
    case 'unknown':
      return (
        <Notice heading="This invitation link is not valid">
          Check that you opened the whole link from your invitation email or text message. If it still does not work,
          ask your administrator to send you a new invitation.
        </Notice>
      );
    case 'superseded':
      return (
        <Notice heading="This invitation has been replaced">
          A newer invitation was sent to you, so this link no longer works. Open the link in your latest invitation, or
          ask your administrator to send you a new one.
        </Notice>
      );
    case 'suspended':
      return (
        <Notice heading="This account is suspended">
          Your administrator at {link.organizationName} has suspended your MultiLine account, so it cannot be activated
          or reinstalled. Ask them to reinstate it; they will then send you a new invitation if you need one.
        </Notice>
      );
    case 'used':
      return (
        <Notice heading="This invitation has already been used">
          Your invitation works only once, and MultiLine was already activated with it. To activate again (for example
          after reinstalling the app), ask your administrator at {link.organizationName} to send you a new invitation.
        </Notice>
      );
    case 'expired':
      return (
        <Notice heading="This invitation has expired">
          Ask your administrator at {link.organizationName} to resend the invitation, then open the link in the new one.
        </Notice>
      );
    case 'active':
      return (
        <Card>
          <ActivatedMessage number={formatPhone(link.number)} />
        </Card>
      );
    case 'ready':
      return (
        <Card>
          <ActivationForm
            token={token}
            firstName={link.firstName}
            organizationName={link.organizationName}
            username={link.username}
            assignedNumber={formatPhone(link.assignedNumber)}
            choices={link.choices ? toNumberChoiceOptions(link.choices) : null}
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

function Notice({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <Card>
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">MultiLine</p>
      <h1 className="mt-1 text-2xl font-semibold">{heading}</h1>
      <p className="mt-3 text-slate-700">{children}</p>
    </Card>
  );
}
