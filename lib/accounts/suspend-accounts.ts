import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Account, accounts, invitations, outboxMessages } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { commonOrganization } from '@/lib/activity/event-organization';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';

export interface SuspendResult {
  suspended: number;
  /** Already Suspended: left as they are. */
  alreadySuspended: number;
  /** Not in the administrator's scope, or deleted meanwhile. */
  notFound: number;
}

type LockedAccount = Pick<Account, 'id' | 'organizationId' | 'status'>;

/**
 * The selected accounts in scope, locked in id order (one array parameter for the whole selection), so
 * an activation, a resend or another suspension racing this one queues up behind it. Shared with
 * Reinstate.
 */
export function lockSelectedAccounts(tx: Db, admin: AdminScope, ids: string[]): Promise<LockedAccount[]> {
  return tx
    .select({ id: accounts.id, organizationId: accounts.organizationId, status: accounts.status })
    .from(accounts)
    .where(and(sql`${accounts.id} = any(${pgArray(ids)}::uuid[])`, inScope(admin, accounts.organizationId)))
    .orderBy(asc(accounts.id))
    .for('update');
}

/**
 * Suspend (docs/product.md#suspend-and-reinstate): each selected account in scope becomes Suspended in
 * one transaction. Its current invitation is superseded (the password and link stop working) and its
 * message cancelled if it has not left yet; activation and reinstall are then refused with
 * `account_suspended`. The number, the personal phone and the activation stay, for Reinstate.
 * Set-based: three statements whatever the selection's size.
 */
export async function suspendAccounts(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  ids: string[],
): Promise<SuspendResult> {
  return db.transaction(async (tx) => {
    const locked = await lockSelectedAccounts(tx, admin, ids);
    const targets = locked.filter((a) => a.status !== 'suspended');
    const result: SuspendResult = {
      suspended: targets.length,
      alreadySuspended: locked.length - targets.length,
      notFound: ids.length - locked.length,
    };
    if (targets.length === 0) return result;
    const targetIds = targets.map((a) => a.id);

    await supersedeInvitations(tx, targetIds);
    await tx
      .update(accounts)
      .set({ status: 'suspended', updatedAt: sql`now()` })
      .where(sql`${accounts.id} = any(${pgArray(targetIds)}::uuid[])`);
    await recordAuditEvent(tx, admin, meta, {
      action: 'account.suspend',
      targetType: 'account',
      targetIds,
      organizationId: await commonOrganization(
        tx,
        targets.map((a) => a.organizationId),
      ),
      details: { ...result, from: countBy(targets.map((a) => a.status)) },
    });
    return result;
  });
}

/** The current invitations stop working, and their messages that have not left yet are cancelled. */
async function supersedeInvitations(tx: Db, accountIds: string[]): Promise<void> {
  const superseded = tx.$with('superseded').as(
    tx
      .update(invitations)
      .set({ supersededAt: sql`now()` })
      .where(and(sql`${invitations.accountId} = any(${pgArray(accountIds)}::uuid[])`, isNull(invitations.supersededAt)))
      .returning({ id: invitations.id }),
  );
  await tx
    .with(superseded)
    .update(outboxMessages)
    .set({ status: 'cancelled', lastError: 'account suspended' })
    .where(
      and(
        inArray(outboxMessages.invitationId, tx.select({ id: superseded.id }).from(superseded)),
        eq(outboxMessages.status, 'queued'),
        isNull(outboxMessages.batchId),
      ),
    );
}

export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** "2 accounts suspended, 1 already suspended." */
export function describeSuspend(result: SuspendResult): string {
  const parts = [`${result.suspended} ${result.suspended === 1 ? 'account' : 'accounts'} suspended`];
  if (result.alreadySuspended > 0) parts.push(`${result.alreadySuspended} already suspended`);
  if (result.notFound > 0) parts.push(`${result.notFound} not found (deleted meanwhile)`);
  return `${parts.join(', ')}.`;
}
