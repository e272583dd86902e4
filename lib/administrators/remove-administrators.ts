import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Administrator, administrators, invitations, organizations, outboxMessages } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { commonOrganization } from '@/lib/activity/event-organization';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
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
    const owners = admin.role === 'owner' ? await lockTenantOwners(tx, admin) : [];
    const targets = await tx
      .select({
        id: administrators.id,
        email: administrators.email,
        role: administrators.role,
        organizationId: administrators.organizationId,
      })
      .from(administrators)
      .where(and(sql`${administrators.id} = any(${pgArray(ids)}::uuid[])`, manageableAdministrators(admin)))
      .orderBy(administrators.id)
      .for('update');
    if (targets.length === 0) return { removed: 0, notFound: ids.length, removedSelf: false };

    const targetIds = new Set(targets.map((t) => t.id));
    if (targets.some((t) => t.role === 'owner')) {
      const remaining = owners.filter((o) => o.status === 'active' && !targetIds.has(o.id));
      if (remaining.length === 0) throw new UserFacingError(LAST_OWNER);
    }
    await deleteAdministrators(tx, [...targetIds]);
    // An administrator who removed themselves no longer exists to be referenced; the email stays.
    const actor = targetIds.has(admin.id) ? { tenantId: admin.tenantId, email: admin.email } : admin;
    await recordAuditEvent(tx, actor, meta, {
      action: 'administrator.remove',
      targetType: 'administrator',
      targetIds: targets.map((t) => t.id),
      organizationId: await commonOrganization(
        tx,
        targets.map((t) => t.organizationId),
      ),
      details: { emails: targets.map((t) => t.email), roles: targets.map((t) => t.role) },
    });
    return { removed: targets.length, notFound: ids.length - targets.length, removedSelf: targetIds.has(admin.id) };
  });
}

/**
 * The tenant's owners, locked in id order, so that two owners removing each other at the same moment
 * queue up and the second sees the first's removal.
 */
async function lockTenantOwners(tx: Db, admin: AdminScope): Promise<Pick<Administrator, 'id' | 'status'>[]> {
  const owners = await tx
    .select({ id: administrators.id, status: administrators.status })
    .from(administrators)
    .innerJoin(organizations, eq(organizations.id, administrators.organizationId))
    .where(and(eq(organizations.tenantId, admin.tenantId), eq(administrators.role, 'owner')))
    .orderBy(administrators.id)
    .for('update', { of: administrators });
  // Removed by another owner while this request waited for the lock.
  if (!owners.some((o) => o.id === admin.id)) throw new UserFacingError(REMOVER_GONE);
  return owners;
}

/** Deletes the administrators (their invitations go with them) and cancels their queued emails. */
async function deleteAdministrators(tx: Db, administratorIds: string[]): Promise<void> {
  const idArray = sql`${pgArray(administratorIds)}::uuid[]`;
  await tx
    .update(outboxMessages)
    .set({ status: 'cancelled', lastError: 'administrator removed' })
    .where(
      and(
        eq(outboxMessages.status, 'queued'),
        isNull(outboxMessages.batchId),
        inArray(
          outboxMessages.invitationId,
          tx
            .select({ id: invitations.id })
            .from(invitations)
            .where(sql`${invitations.administratorId} = any(${idArray})`),
        ),
      ),
    );
  await tx.delete(administrators).where(sql`${administrators.id} = any(${idArray})`);
}

/** "2 administrators removed." */
export function describeRemoval(result: RemoveResult): string {
  if (result.removed === 0) return 'No administrators were removed: they were not found.';
  let message = `${result.removed} ${result.removed === 1 ? 'administrator' : 'administrators'} removed.`;
  if (result.notFound > 0) message += ` ${result.notFound} not found (already removed).`;
  return message;
}
