import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { administrators, invitations } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { commonOrganization } from '@/lib/activity/event-organization';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { RESEND_COOLDOWN_SECONDS, type ResendResult } from '@/lib/invitations/resend-account-invitations';
import { issueAdministratorInvitations } from './issue-administrator-invitations';
import { manageableAdministrators } from './manageable';

/**
 * Resend Invite on the Administrators page, with the accounts' semantics (docs/product.md#resend-invite):
 * every selected administrator in scope gets a new set-password link and every earlier link stops working;
 * one invited less than a minute ago is skipped. An active administrator gets one too (it is how a forgotten
 * password is replaced): their status and current password stay as they are until the new link is used. The
 * administrators are locked first, so two clicks racing each other see each other.
 */
export async function resendAdministratorInvitations(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  ids: string[],
  options: { baseUrl: string },
): Promise<ResendResult> {
  return db.transaction(async (tx) => {
    // At most one current invitation each (invitations_current_admin_key): one row per administrator.
    const rows = await tx
      .select({
        id: administrators.id,
        organizationId: administrators.organizationId,
        recent: sql<boolean>`coalesce(${invitations.createdAt} > now() - make_interval(secs => ${RESEND_COOLDOWN_SECONDS}), false)`,
      })
      .from(administrators)
      .leftJoin(invitations, and(eq(invitations.administratorId, administrators.id), isNull(invitations.supersededAt)))
      .where(and(sql`${administrators.id} = any(${pgArray(ids)}::uuid[])`, manageableAdministrators(admin)))
      .orderBy(administrators.id)
      .for('update', { of: administrators });
    const due = rows.filter((r) => !r.recent).map((r) => r.id);
    const issued = await issueAdministratorInvitations(tx, due, { baseUrl: options.baseUrl, invitedBy: admin });
    const result = { sent: issued.length, skippedRecent: rows.length - due.length, notFound: ids.length - rows.length };
    if (issued.length > 0 || result.skippedRecent > 0) {
      await recordAuditEvent(tx, admin, meta, {
        action: 'administrator.resend_invite',
        targetType: 'administrator',
        targetIds: issued.map((i) => i.administratorId),
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
