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
}

/**
 * Resend Invite (docs/product.md#resend-invite) on a selection: each account in scope gets a new invitation
 * (the earlier ones stop working at once), whatever its status and whether or not numbers are available. The
 * accounts are locked first, so two clicks racing each other see each other's invitation.
 */
export async function resendAccountInvitations(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  ids: string[],
  options: { baseUrl: string },
): Promise<ResendResult> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: accounts.id,
        organizationId: accounts.organizationId,
        recent: sql<boolean>`coalesce(${accounts.invitedAt} > now() - make_interval(secs => ${RESEND_COOLDOWN_SECONDS}), false)`,
      })
      .from(accounts)
      .where(and(sql`${accounts.id} = any(${pgArray(ids)}::uuid[])`, inScope(admin, accounts.organizationId)))
      .orderBy(asc(accounts.id))
      .for('update');
    const due = rows.filter((r) => !r.recent).map((r) => r.id);
    const issued = await issueAccountInvitations(tx, due, { baseUrl: options.baseUrl, createdByAdminId: admin.id });
    const result = { sent: issued.length, skippedRecent: rows.length - due.length, notFound: ids.length - rows.length };
    if (issued.length > 0 || result.skippedRecent > 0) {
      await recordAuditEvent(tx, admin, meta, {
        action: 'account.invite.resend',
        targetType: 'account',
        targetIds: issued.map((i) => i.accountId),
        organizationId: await commonOrganization(
          tx,
          rows.map((r) => r.organizationId),
        ),
        details: { sent: result.sent, skippedRecent: result.skippedRecent, notFound: result.notFound },
      });
    }
    return result;
  });
}

/** "3 invitations sent, 1 skipped: sent less than a minute ago." */
export function describeResend(result: ResendResult): string {
  const parts = [`${result.sent} ${result.sent === 1 ? 'invitation' : 'invitations'} sent`];
  if (result.skippedRecent > 0) parts.push(`${result.skippedRecent} skipped: sent less than a minute ago`);
  if (result.notFound > 0) parts.push(`${result.notFound} not found (deleted meanwhile)`);
  return `${parts.join(', ')}.`;
}
