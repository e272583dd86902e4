import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import {
  administrators,
  type AuditEvent,
  auditEvents,
  type Invitation,
  type InvitationEvent,
  invitationEvents,
  invitations,
} from '@/db/schema';
import { actionLabel } from '@/lib/activity/action-labels';
import type { AdminScope } from '@/lib/auth/scope';

/** Delivery events read per page at most (a handful per invitation in practice). */
const EVENTS_LIMIT = 500;

export type DeliveryEvent = Pick<InvitationEvent, 'state' | 'detail' | 'occurredAt'>;

export interface AccountInvitation extends Pick<
  Invitation,
  | 'id'
  | 'channel'
  | 'destination'
  | 'createdAt'
  | 'expiresAt'
  | 'supersededAt'
  | 'usedAt'
  | 'deliveryState'
  | 'automatic'
  | 'singleUse'
> {
  current: boolean;
  /** The administrator who sent it (null: the system, or an administrator since removed). */
  sentBy: string | null;
  /**
   * What happened to its message, oldest first. With no recorded event, the invitation's current
   * delivery state, at the time it was last updated (or at sending while it is queued).
   */
  events: DeliveryEvent[];
}

/** The account's last `limit` invitations, newest first, each with its delivery events. */
export async function accountInvitations(db: Db, accountId: string, limit: number): Promise<AccountInvitation[]> {
  const rows = await db
    .select({
      id: invitations.id,
      channel: invitations.channel,
      destination: invitations.destination,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      supersededAt: invitations.supersededAt,
      usedAt: invitations.usedAt,
      deliveryState: invitations.deliveryState,
      deliveryUpdatedAt: invitations.deliveryUpdatedAt,
      automatic: invitations.automatic,
      singleUse: invitations.singleUse,
      sentBy: administrators.email,
    })
    .from(invitations)
    .leftJoin(administrators, eq(administrators.id, invitations.createdByAdminId))
    .where(eq(invitations.accountId, accountId))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const events = await db
    .select({
      invitationId: invitationEvents.invitationId,
      state: invitationEvents.state,
      detail: invitationEvents.detail,
      occurredAt: invitationEvents.occurredAt,
    })
    .from(invitationEvents)
    .where(
      inArray(
        invitationEvents.invitationId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(invitationEvents.occurredAt), asc(invitationEvents.id))
    .limit(EVENTS_LIMIT);
  return rows.map(({ deliveryUpdatedAt, ...r }) => {
    const own = events
      .filter((e) => e.invitationId === r.id)
      .map((e) => ({ state: e.state, detail: e.detail, occurredAt: e.occurredAt }));
    return {
      ...r,
      current: r.supersededAt === null,
      events:
        own.length > 0 ? own : [{ state: r.deliveryState, detail: null, occurredAt: deliveryUpdatedAt ?? r.createdAt }],
    };
  });
}

/** The audit events of the administrator's tenant that name this account among their targets. */
function aboutAccount(admin: AdminScope, accountId: string): SQL {
  return sql`${auditEvents.tenantId} = ${admin.tenantId} and ${auditEvents.targetIds} @> array[${accountId}]::text[]`;
}

export interface AccountActivation {
  at: Date;
  /** 'web' (the link) or 'app' (the mobile API); null when not recorded. */
  channel: string | null;
  reinstall: boolean;
  number: string | null;
}

const activationDetails = z.object({
  channel: z.string().max(20).optional().catch(undefined),
  reinstall: z.boolean().optional().catch(undefined),
  number: z.string().max(20).nullable().optional().catch(undefined),
});

/** The account's activations (first and reinstalls), newest first, as their audit events recorded them. */
export async function accountActivations(
  db: Db,
  admin: AdminScope,
  accountId: string,
  limit: number,
): Promise<AccountActivation[]> {
  const rows = await db
    .select({ at: auditEvents.createdAt, details: auditEvents.details })
    .from(auditEvents)
    .where(and(aboutAccount(admin, accountId), eq(auditEvents.action, 'account.activate')))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit);
  return rows.map((r) => {
    const details = activationDetails.safeParse(r.details);
    const d = details.success ? details.data : {};
    return { at: r.at, channel: d.channel ?? null, reinstall: d.reinstall ?? false, number: d.number ?? null };
  });
}

/** One field an Edit changed. */
export interface FieldChange {
  field: 'firstName' | 'lastName' | 'email' | 'deviceNumber';
  old: string | null;
  new: string | null;
}

export interface AccountAuditEvent extends Pick<AuditEvent, 'createdAt' | 'actorEmail' | 'action' | 'ipAddress'> {
  id: string;
  actionLabel: string;
  /** The fields an Edit (`account.update`) changed; empty for other actions. */
  changes: FieldChange[];
  /** An Edit voided the current invitation. */
  invitationVoided: boolean;
}

const change = z.object({ old: z.string().nullable(), new: z.string().nullable() });
const updateDetails = z.object({
  changes: z
    .object({
      firstName: change.optional(),
      lastName: change.optional(),
      email: change.optional(),
      deviceNumber: change.optional(),
    })
    .catch({}),
  invitationVoided: z.boolean().catch(false),
});

/**
 * The account's audit trail, newest first: every event of the tenant naming the account. Only the
 * action, who, when and from where are shown, and the changed fields of an Edit (the account's own
 * values); other details are not, since an event on many accounts may describe records of another scope.
 */
export async function accountAuditTrail(
  db: Db,
  admin: AdminScope,
  accountId: string,
  limit: number,
): Promise<AccountAuditEvent[]> {
  const rows = await db
    .select({
      id: auditEvents.id,
      createdAt: auditEvents.createdAt,
      actorEmail: auditEvents.actorEmail,
      action: auditEvents.action,
      ipAddress: auditEvents.ipAddress,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .where(aboutAccount(admin, accountId))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit);
  return rows.map(({ details, ...r }) => {
    const update = r.action === 'account.update' ? updateDetails.safeParse(details) : null;
    const changes = update?.success ? update.data.changes : {};
    return {
      ...r,
      id: String(r.id),
      actionLabel: actionLabel(r.action),
      changes: (['firstName', 'lastName', 'email', 'deviceNumber'] as const).flatMap((field) => {
        const c = changes[field];
        return c ? [{ field, old: c.old, new: c.new }] : [];
      }),
      invitationVoided: update?.success ? update.data.invitationVoided : false,
    };
  });
}
