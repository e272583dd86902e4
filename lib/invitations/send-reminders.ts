import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, invitations, type Organization, organizations } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';

/** Accounts claimed per transaction: bounded memory (secrets, payloads) and short row locks. */
export const REMINDER_BATCH = 1000;
/** Batches per tenant and run; what is left waits for the next run of the drainer's schedule. */
const MAX_BATCHES_PER_TENANT = 50;

/** The audit event of an automatic reminder: no administrator acted, and no request came in. */
export const REMINDER_ACTION = 'account.invite.reminder';
const NO_REQUEST: RequestMeta = { ipAddress: null, userAgent: null };

export interface ReminderOptions {
  /** The portal's public origin, for the links in the new invitations. */
  baseUrl: string;
  batchSize?: number;
  maxBatchesPerTenant?: number;
}

type Tenant = { id: Organization['id']; days: number };

/**
 * The automatic reminder (docs/product.md, tenant setting `reminder_days_before_expiry` on the root,
 * null is off), on the drainer's schedule: a Pending account whose current invitation was sent by an
 * administrator and expires within the tenant's N days (and has not expired) gets a new invitation, the
 * same as Resend Invite sends (new password and link, renewed expiry, the message queued in the same
 * transaction), marked automatic, so it is never reminded again. Suspended, Active, Not invited and
 * Expired accounts are left alone. Audited as the system's action, one event per organization.
 *
 * Safe with several drainers at once: each batch claims its accounts `for update skip locked`, then
 * reads them again under the lock (a fresh statement sees what another drainer committed meanwhile),
 * so an account is reminded once. Answers how many invitations it sent.
 */
export async function sendInvitationReminders(db: Db, options: ReminderOptions): Promise<number> {
  const batchSize = options.batchSize ?? REMINDER_BATCH;
  const maxBatches = options.maxBatchesPerTenant ?? MAX_BATCHES_PER_TENANT;
  const tenants = await db
    .select({ id: organizations.id, days: organizations.reminderDaysBeforeExpiry })
    .from(organizations)
    .where(and(isNull(organizations.parentId), isNotNull(organizations.reminderDaysBeforeExpiry)));
  let sent = 0;
  for (const { id, days } of tenants) {
    if (days === null) continue;
    for (let batch = 0; batch < maxBatches; batch++) {
      const result = await remindBatch(db, { id, days }, options.baseUrl, batchSize);
      sent += result.sent;
      if (result.claimed < batchSize) break;
    }
  }
  return sent;
}

/** Due for a reminder: Pending, its current invitation manual, unexpired and within the tenant's N days. */
function due(tenant: Tenant) {
  const horizon = sql`now() + make_interval(days => ${tenant.days})`;
  return and(
    eq(organizations.tenantId, tenant.id),
    eq(accounts.status, 'invited'),
    sql`${accounts.invitationExpiresAt} > now() and ${accounts.invitationExpiresAt} <= ${horizon}`,
    eq(invitations.automatic, false),
    sql`${invitations.expiresAt} > now() and ${invitations.expiresAt} <= ${horizon}`,
  );
}

function dueAccounts(tx: Db) {
  return tx
    .select({ id: accounts.id, organizationId: accounts.organizationId })
    .from(accounts)
    .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
    .innerJoin(invitations, and(eq(invitations.accountId, accounts.id), isNull(invitations.supersededAt)));
}

async function remindBatch(
  db: Db,
  tenant: Tenant,
  baseUrl: string,
  batchSize: number,
): Promise<{ claimed: number; sent: number }> {
  return db.transaction(async (tx) => {
    const claimed = await dueAccounts(tx)
      .where(due(tenant))
      .orderBy(asc(accounts.invitationExpiresAt), asc(accounts.id))
      .limit(batchSize)
      .for('update', { of: accounts, skipLocked: true });
    if (claimed.length === 0) return { claimed: 0, sent: 0 };
    // Read again under the locks: another drainer (or a Resend Invite) may have committed a newer
    // invitation between this statement's snapshot and the lock.
    const still = await dueAccounts(tx).where(
      and(due(tenant), sql`${accounts.id} = any(${pgArray(claimed.map((c) => c.id))}::uuid[])`),
    );
    const issued = await issueAccountInvitations(
      tx,
      still.map((a) => a.id),
      { baseUrl, createdByAdminId: null, automatic: true },
    );
    await auditReminders(tx, tenant, still, new Set(issued.map((i) => i.accountId)));
    return { claimed: claimed.length, sent: issued.length };
  });
}

/** One event per organization, so its administrators see the reminders of their accounts. */
async function auditReminders(
  tx: Db,
  tenant: Tenant,
  candidates: { id: string; organizationId: string }[],
  issued: Set<string>,
): Promise<void> {
  const byOrganization = new Map<string, string[]>();
  for (const { id, organizationId } of candidates) {
    if (!issued.has(id)) continue;
    const ids = byOrganization.get(organizationId);
    if (ids) ids.push(id);
    else byOrganization.set(organizationId, [id]);
  }
  for (const [organizationId, targetIds] of byOrganization) {
    await recordAuditEvent(tx, { tenantId: tenant.id }, NO_REQUEST, {
      action: REMINDER_ACTION,
      targetType: 'account',
      targetIds,
      organizationId,
      details: { sent: targetIds.length, daysBeforeExpiry: tenant.days },
    });
  }
}
