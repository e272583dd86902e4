import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { type Account, accounts, organizations, phoneNumbers } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { commonOrganization } from '@/lib/activity/event-organization';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { lockAndRequireHeadroom } from '@/lib/numbers/headroom';
import { lockSelectedAccounts } from './suspend-accounts';

export const REINSTATE_REFUSED = 'Unable to reinstate account(s).';

export interface ReinstateResult {
  /** Back to Active: they had been activated on a device. */
  active: number;
  /** Back to Not invited: never activated; Send Invite is next. */
  notInvited: number;
  /** Not Suspended: left as they are. */
  notSuspended: number;
  /** Not in the administrator's scope, or deleted meanwhile. */
  notFound: number;
}

/** The account was activated on a device: reinstated, it is Active again. Qualified columns (a WHERE or raw SQL). */
const wasActivated = sql`(${accounts.activatedAt} is not null or ${accounts.personalPhone} is not null)`;

/**
 * Reinstate (docs/product.md#suspend-and-reinstate): each selected Suspended account in scope returns to
 * Active when it had been activated, and to Not invited otherwise (its invitation was superseded when
 * it was suspended). A Suspended account holds no unit of headroom, and one returning to Not invited
 * without a number takes one again: each organization is locked (in id order) and must have the
 * units, or nothing changes and the answer is the headroom message beginning "Unable to reinstate
 * account(s).". Set-based: the statements do not grow with the selection.
 */
export async function reinstateAccounts(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  ids: string[],
): Promise<ReinstateResult> {
  return db.transaction(async (tx) => {
    // Organizations before accounts, as Move locks them, so the two cannot deadlock each other.
    await lockOrganizationsOfSuspended(tx, admin, ids);
    const locked = await lockSelectedAccounts(tx, admin, ids);
    const targets = locked.filter((a) => a.status === 'suspended');
    const result: ReinstateResult = {
      active: 0,
      notInvited: 0,
      notSuspended: locked.length - targets.length,
      notFound: ids.length - locked.length,
    };
    if (targets.length === 0) return result;
    const targetIds = targets.map((a) => a.id);

    const needed = await unitsNeededByOrganization(tx, targetIds);
    for (const { organizationId, n } of needed) {
      await lockAndRequireHeadroom(tx, organizationId, Number(n), REINSTATE_REFUSED);
    }
    const changed = await tx
      .update(accounts)
      .set({
        status: sql`case when ${wasActivated} then 'active'::account_status else 'not_invited'::account_status end`,
        invitedAt: sql`case when ${wasActivated} then ${accounts.invitedAt} end`,
        invitationExpiresAt: sql`case when ${wasActivated} then ${accounts.invitationExpiresAt} end`,
        updatedAt: sql`now()`,
      })
      .where(sql`${accounts.id} = any(${pgArray(targetIds)}::uuid[])`)
      .returning({ id: accounts.id, status: accounts.status });
    result.active = changed.filter((c) => c.status === 'active').length;
    result.notInvited = changed.length - result.active;
    await recordAuditEvent(tx, admin, meta, {
      action: 'account.reinstate',
      targetType: 'account',
      targetIds,
      organizationId: await commonOrganization(
        tx,
        targets.map((a) => a.organizationId),
      ),
      details: { ...result, headroomUsed: Object.fromEntries(needed.map((u) => [u.organizationId, Number(u.n)])) },
    });
    return result;
  });
}

/** Locks, in id order, the organizations of the selected Suspended accounts in scope (read without a lock). */
async function lockOrganizationsOfSuspended(tx: Db, admin: AdminScope, ids: string[]): Promise<void> {
  const inSelection = tx
    .selectDistinct({ id: accounts.organizationId })
    .from(accounts)
    .where(
      and(
        sql`${accounts.id} = any(${pgArray(ids)}::uuid[])`,
        eq(accounts.status, 'suspended'),
        inScope(admin, accounts.organizationId),
      ),
    );
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(inArray(organizations.id, inSelection))
    .orderBy(asc(organizations.id))
    .for('no key update');
}

/**
 * Per organization (in id order, the order their locks are taken), how many of these Suspended accounts
 * will hold a unit of headroom once reinstated: never activated, so Not invited, and without a number.
 */
function unitsNeededByOrganization(tx: Db, accountIds: string[]) {
  return queryRows<Pick<Account, 'organizationId'> & { n: number }>(
    tx,
    sql`select ${accounts.organizationId} as "organizationId", count(*)::int as "n"
        from ${accounts}
        where ${and(
          sql`${accounts.id} = any(${pgArray(accountIds)}::uuid[])`,
          isNull(accounts.activatedAt),
          isNull(accounts.personalPhone),
          sql`not exists (select 1 from ${phoneNumbers} where ${phoneNumbers.accountId} = ${accounts.id})`,
        )}
        group by ${accounts.organizationId}
        order by ${accounts.organizationId}`,
  );
}

/** "1 account reinstated (Active), 2 reinstated (Not invited): send them an invitation." */
export function describeReinstate(result: ReinstateResult): string {
  const reinstated = result.active + result.notInvited;
  const parts = [`${reinstated} ${reinstated === 1 ? 'account' : 'accounts'} reinstated`];
  if (result.active > 0 && result.notInvited > 0) {
    parts[0] += ` (${result.active} Active, ${result.notInvited} Not invited: Send Invite to invite them)`;
  } else if (result.notInvited > 0) {
    parts[0] += ' (Not invited: Send Invite to invite them)';
  }
  if (result.notSuspended > 0) parts.push(`${result.notSuspended} not suspended (left as they are)`);
  if (result.notFound > 0) parts.push(`${result.notFound} not found (deleted meanwhile)`);
  return `${parts.join(', ')}.`;
}
