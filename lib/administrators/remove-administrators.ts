import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import { commonOrganization } from '@/lib/activity/event-organization';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import type { AdminRole } from './administrator-schemas';
import { manageableAdministrators } from './manageable';

export const LAST_OWNER =
  'Unable to remove the last owner: the tenant must keep at least one active owner. Nothing was removed.';
export const REMOVER_GONE = 'Your session has ended. Sign in again.';

export interface RemoveResult {
  removed: number;
  /** Not in scope, or removed meanwhile. */
  notFound: number;
  /** The signed-in administrator removed themselves: their session has ended. */
  removedSelf: boolean;
}

/**
 * Removes the selected administrators in scope, in one transaction: their rows are deleted (their
 * invitations go with them, the audit trail keeps the email it recorded), their invitation emails
 * still queued are cancelled, and their sessions stop working on the next request (every request
 * re-reads the administrator). The tenant always keeps an active owner: when an owner removes
 * owners, the tenant's owners are locked first, so two owners removing each other at the same moment
 * cannot both succeed. Removing oneself is allowed (the confirmation says so), within the same rule.
 */
export async function removeAdministrators(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  ids: string[],
): Promise<RemoveResult> {
  return db.transaction(async (tx) => {
    let owners: { id: string; status: 'active' | 'invited' }[] = [];
    if (admin.role === 'owner') {
      owners = await queryRows(
        tx,
        sql`select a.id, a.status from administrators a join organizations o on o.id = a.organization_id
            where o.tenant_id = ${admin.tenantId} and a.role = 'owner'
            order by a.id
            for update of a`,
      );
      // Removed by another owner while this request waited for the lock.
      if (!owners.some((o) => o.id === admin.id)) throw new UserFacingError(REMOVER_GONE);
    }
    const targets = await queryRows<{ id: string; email: string; role: AdminRole; organization_id: string }>(
      tx,
      sql`select a.id, a.email, a.role, a.organization_id from administrators a
          where a.id = any(${pgArray(ids)}::uuid[]) and ${manageableAdministrators(admin)}
          order by a.id
          for update of a`,
    );
    if (targets.length === 0) return { removed: 0, notFound: ids.length, removedSelf: false };

    const targetIds = new Set(targets.map((t) => t.id));
    if (targets.some((t) => t.role === 'owner')) {
      const remaining = owners.filter((o) => o.status === 'active' && !targetIds.has(o.id));
      if (remaining.length === 0) throw new UserFacingError(LAST_OWNER);
    }

    const idArray = sql`${pgArray([...targetIds])}::uuid[]`;
    await tx.execute(sql`
      update outbox_messages set status = 'cancelled', last_error = 'administrator removed'
      where status = 'queued' and batch_id is null
        and invitation_id in (select id from invitations where administrator_id = any(${idArray}))`);
    await tx.execute(sql`delete from administrators where id = any(${idArray})`);
    // An administrator who removed themselves no longer exists to be referenced; the email stays.
    const actor = targetIds.has(admin.id) ? { tenantId: admin.tenantId, email: admin.email } : admin;
    await recordAuditEvent(tx, actor, meta, {
      action: 'administrator.remove',
      targetType: 'administrator',
      targetIds: targets.map((t) => t.id),
      organizationId: await commonOrganization(
        tx,
        targets.map((t) => t.organization_id),
      ),
      details: { emails: targets.map((t) => t.email), roles: targets.map((t) => t.role) },
    });
    return { removed: targets.length, notFound: ids.length - targets.length, removedSelf: targetIds.has(admin.id) };
  });
}

/** "2 administrators removed." */
export function describeRemoval(result: RemoveResult): string {
  if (result.removed === 0) return 'No administrators were removed: they were not found.';
  let message = `${result.removed} ${result.removed === 1 ? 'administrator' : 'administrators'} removed.`;
  if (result.notFound > 0) message += ` ${result.notFound} not found (already removed).`;
  return message;
}
