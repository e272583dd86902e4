import { and, count, eq, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
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
   * Accounts whose current invitation the provider reported delivered. The same accounts as the
   * Accounts page filtered by that delivery state (`?delivery=delivered`), which is where the bar leads.
   */
  delivered: number;
  activated: number;
  /** Accounts whose current invitation bounced (an SMS: undelivered); the Accounts page's `?delivery=bounced`. */
  bounced: number;
  /** Accounts whose current invitation finally failed; the Accounts page's `?delivery=failed`. */
  failed: number;
  /** Pending and past the current invitation's expiry. */
  expired: number;
}

/**
 * The invitation funnel of the accounts in scope (or in the subtree of `organizationId`, looked up
 * within scope) in one query: accounts counted by status, joined to their current invitation (the
 * one not superseded) for its delivery state. The delivery figures count exactly what the Accounts
 * page's delivery filter shows, whatever the account's status (an Active account sent a new
 * invitation for a reinstall counts by that invitation).
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
      delivered: countWhere(eq(invitations.deliveryState, 'delivered')),
      activated: countWhere(eq(accounts.status, 'active')),
      bounced: countWhere(eq(invitations.deliveryState, 'bounced')),
      failed: countWhere(eq(invitations.deliveryState, 'failed')),
      expired: countWhere(and(invited, lt(accounts.invitationExpiresAt, sql`now()`))),
    })
    .from(accounts)
    .leftJoin(invitations, and(eq(invitations.accountId, accounts.id), isNull(invitations.supersededAt)))
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
