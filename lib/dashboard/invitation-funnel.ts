import { and, count, eq, inArray, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, invitations } from '@/db/schema';
import { type AdminScope, inScope, inSubtreeOf } from '@/lib/auth/scope';

export interface InvitationFunnel {
  /** Every account in scope. */
  total: number;
  notInvited: number;
  /** Accounts sent an invitation: Pending, Expired and Active. */
  invited: number;
  /**
   * Invited accounts whose current invitation was delivered (or complained about: delivered, then
   * marked as spam), and every Active account: an activation proves an invitation arrived.
   */
  delivered: number;
  activated: number;
  /** Pending (not activated), with the current invitation bounced. */
  bounced: number;
  /** Pending (not activated), with the current invitation finally failed. */
  failed: number;
  /** Pending and past the current invitation's expiry. */
  expired: number;
}

/**
 * The invitation funnel of the accounts in scope (or in the subtree of `organizationId`, looked up
 * within scope) in one query: accounts counted by status, joined to their current invitation (the
 * one not superseded) for its delivery state.
 */
export async function getInvitationFunnel(
  db: Db,
  admin: AdminScope,
  organizationId?: string,
): Promise<InvitationFunnel> {
  const invited = eq(accounts.status, 'invited');
  const [row] = await db
    .select({
      total: count(),
      notInvited: countWhere(eq(accounts.status, 'not_invited')),
      invited: countWhere(ne(accounts.status, 'not_invited')),
      delivered: countWhere(
        or(
          eq(accounts.status, 'active'),
          and(invited, inArray(invitations.deliveryState, ['delivered', 'complained'])),
        ),
      ),
      activated: countWhere(eq(accounts.status, 'active')),
      bounced: countWhere(and(invited, eq(invitations.deliveryState, 'bounced'))),
      failed: countWhere(and(invited, eq(invitations.deliveryState, 'failed'))),
      expired: countWhere(and(invited, lt(accounts.invitationExpiresAt, sql`now()`))),
    })
    .from(accounts)
    .leftJoin(invitations, and(eq(invitations.accountId, accounts.id), isNull(invitations.supersededAt), invited))
    .where(
      and(
        inScope(admin, accounts.organizationId),
        organizationId ? inSubtreeOf(admin, organizationId, accounts.organizationId) : undefined,
      ),
    );
  return row!;
}

function countWhere(condition: SQL | undefined) {
  return sql<number>`count(*) filter (where ${condition})`.mapWith(Number);
}
