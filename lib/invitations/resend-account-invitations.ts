import { and, asc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { commonOrganization } from '@/lib/activity/event-organization';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';

/** An account invited less than this long ago is skipped, so a double click sends nothing twice. */
export const RESEND_COOLDOWN_SECONDS = 60;

export interface ResendResult {
  sent: number;
  /** Invited less than a minute ago. */
  skippedRecent: number;
  /** Not in scope or deleted meanwhile. */
  notFound: number;
  /** Suspended: Reinstate comes first (present when there are some). */
  skippedSuspended?: number;
  /** Send Invite only: invited before, so Resend Invite is the button (present when there are some). */
  skippedInvited?: number;
}

export interface ResendOptions {
  baseUrl: string;
  /** Send Invite: the first invitation, only to accounts Not invited; the others are skipped. */
  first?: boolean;
}

/**
 * Resend Invite (docs/product.md#resend-invite) on a selection: each account in scope gets a new invitation
 * (the earlier ones stop working at once), whatever its status and whether or not numbers are available. The
 * accounts are locked first, so two clicks racing each other see each other's invitation. A Suspended
 * account is skipped (Reinstate first). With `first` it is Send Invite: the same rules, for accounts Not
 * invited only.
 */
export async function resendAccountInvitations(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  ids: string[],
  options: ResendOptions,
): Promise<ResendResult> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: accounts.id,
        organizationId: accounts.organizationId,
        status: accounts.status,
        recent: sql<boolean>`coalesce(${accounts.invitedAt} > now() - make_interval(secs => ${RESEND_COOLDOWN_SECONDS}), false)`,
      })
      .from(accounts)
      .where(and(sql`${accounts.id} = any(${pgArray(ids)}::uuid[])`, inScope(admin, accounts.organizationId)))
      .orderBy(asc(accounts.id))
      .for('update');
    const suspended = rows.filter((r) => r.status === 'suspended').length;
    const invited = options.first ? rows.filter((r) => r.status !== 'suspended' && r.status !== 'not_invited') : [];
    const eligible = rows.filter((r) => r.status !== 'suspended' && !(options.first && r.status !== 'not_invited'));
    const due = eligible.filter((r) => !r.recent).map((r) => r.id);
    const issued = await issueAccountInvitations(tx, due, { baseUrl: options.baseUrl, createdByAdminId: admin.id });
    const result: ResendResult = {
      sent: issued.length,
      skippedRecent: eligible.length - due.length,
      notFound: ids.length - rows.length,
      ...(suspended > 0 ? { skippedSuspended: suspended } : {}),
      ...(invited.length > 0 ? { skippedInvited: invited.length } : {}),
    };
    if (issued.length > 0 || result.skippedRecent > 0) {
      await recordAuditEvent(tx, admin, meta, {
        action: options.first ? 'account.invite.send' : 'account.invite.resend',
        targetType: 'account',
        targetIds: issued.map((i) => i.accountId),
        organizationId: await commonOrganization(
          tx,
          rows.map((r) => r.organizationId),
        ),
        details: { ...result },
      });
    }
    return result;
  });
}

/** "3 invitations sent, 1 skipped: sent less than a minute ago." */
export function describeResend(result: ResendResult): string {
  const parts = [`${result.sent} ${result.sent === 1 ? 'invitation' : 'invitations'} sent`];
  if (result.skippedRecent > 0) parts.push(`${result.skippedRecent} skipped: sent less than a minute ago`);
  if (result.skippedSuspended) parts.push(`${result.skippedSuspended} skipped: suspended (reinstate first)`);
  if (result.skippedInvited) parts.push(`${result.skippedInvited} skipped: already invited (use Resend Invite)`);
  if (result.notFound > 0) parts.push(`${result.notFound} not found (deleted meanwhile)`);
  return `${parts.join(', ')}.`;
}
