import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, invitations, outboxMessages } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { commonOrganization } from '@/lib/activity/event-organization';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';

/**
 * Deletes the accounts of `ids` that lie in the administrator's scope; others are ignored as not
 * found. Their numbers return to the pool (the foreign key sets them free), their invitations go
 * with them, and invitations still waiting in the outbox are cancelled, all in one transaction.
 */
export async function deleteAccounts(db: Db, admin: AdminScope, meta: RequestMeta, ids: string[]): Promise<number> {
  // One array parameter, not one parameter per id: "all matching" reaches 50,000 ids.
  const selected = and(sql`${accounts.id} = any(${pgArray(ids)}::uuid[])`, inScope(admin, accounts.organizationId));
  return db.transaction(async (tx) => {
    const inScopeIds = tx.select({ id: accounts.id }).from(accounts).where(selected);
    await tx
      .update(outboxMessages)
      .set({ status: 'cancelled', lastError: 'account deleted' })
      .where(
        and(
          eq(outboxMessages.status, 'queued'),
          isNull(outboxMessages.batchId),
          sql`${outboxMessages.invitationId} in (select ${invitations.id} from ${invitations} where ${invitations.accountId} in ${inScopeIds})`,
        ),
      );
    const deleted = await tx.delete(accounts).where(selected).returning({
      id: accounts.id,
      email: accounts.email,
      deviceNumber: accounts.deviceNumber,
      organizationId: accounts.organizationId,
    });
    if (deleted.length > 0) {
      await recordAuditEvent(tx, admin, meta, {
        action: 'account.delete',
        targetType: 'account',
        targetIds: deleted.map((d) => d.id),
        organizationId: await commonOrganization(
          tx,
          deleted.map((d) => d.organizationId),
        ),
        details: { usernames: deleted.map((d) => d.email ?? d.deviceNumber) },
      });
    }
    return deleted.length;
  });
}
