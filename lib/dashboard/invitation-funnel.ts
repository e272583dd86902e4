import { and, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
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
  const where = and(
    inScope(admin, sql`a.organization_id`),
    organizationId ? inSubtreeOf(admin, organizationId, sql`a.organization_id`) : undefined,
  );
  const [row] = await queryRows<Record<keyof InvitationFunnel, number | string>>(
    db,
    sql`select
          count(*) as "total",
          count(*) filter (where a.status = 'not_invited') as "notInvited",
          count(*) filter (where a.status <> 'not_invited') as "invited",
          count(*) filter (where a.status = 'active'
            or (a.status = 'invited' and i.delivery_state in ('delivered', 'complained'))) as "delivered",
          count(*) filter (where a.status = 'active') as "activated",
          count(*) filter (where a.status = 'invited' and i.delivery_state = 'bounced') as "bounced",
          count(*) filter (where a.status = 'invited' and i.delivery_state = 'failed') as "failed",
          count(*) filter (where a.status = 'invited' and a.invitation_expires_at < now()) as "expired"
        from accounts a
        left join invitations i on i.account_id = a.id and i.superseded_at is null and a.status = 'invited'
        where ${where}`,
  );
  const n = (k: keyof InvitationFunnel) => Number(row?.[k] ?? 0);
  return {
    total: n('total'),
    notInvited: n('notInvited'),
    invited: n('invited'),
    delivered: n('delivered'),
    activated: n('activated'),
    bounced: n('bounced'),
    failed: n('failed'),
    expired: n('expired'),
  };
}
