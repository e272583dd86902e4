import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { STATUS_LABELS } from '@/lib/accounts/account-status';
import { getAccountDetails } from '@/lib/accounts/get-account-details';
import { requireAdmin } from '@/lib/auth/current-admin';
import { getDb } from '@/lib/db';
import { AccountActionsBar } from './account-actions-bar';
import { AccountFields, ActivationsTable, AuditTrailTable, InvitationsTable, Section } from './account-sections';

export const metadata: Metadata = { title: 'Account' };

/**
 * The account page (docs/product.md#after-the-invitation-planned): its fields, invitations, activations
 * and audit trail, and its actions. An account outside the administrator's scope, or an id that is no
 * account's, is the not-found page: nothing says whether it exists elsewhere.
 */
export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdmin();
  const { id } = await params;
  const account = await getAccountDetails(await getDb(), admin, id);
  if (!account) notFound();
  const name = `${account.firstName} ${account.lastName}`;

  return (
    <div>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/accounts" className="text-brand-600 hover:underline">
          Accounts
        </Link>
      </nav>
      <div className="mb-4 flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold">{name}</h1>
        <span className="text-sm text-slate-600">{STATUS_LABELS[account.status]}</span>
      </div>

      <AccountActionsBar
        account={{
          id: account.id,
          firstName: account.firstName,
          lastName: account.lastName,
          email: account.email,
          deviceNumber: account.deviceNumber,
          defaultCountry: account.defaultCountry,
        }}
        status={account.status}
      >
        {/* Assign Number: added here by its feature. */}
      </AccountActionsBar>

      <Section id="account-fields" title="Account">
        <AccountFields account={account} />
      </Section>
      <Section id="account-invitations" title="Invitations">
        <InvitationsTable invitations={account.invitations} />
      </Section>
      <Section id="account-activations" title="Activations">
        <ActivationsTable activations={account.activations} personalPhoneMasked={account.personalPhoneMasked} />
      </Section>
      <Section id="account-audit" title="Audit trail">
        <AuditTrailTable events={account.auditTrail} />
      </Section>
    </div>
  );
}
