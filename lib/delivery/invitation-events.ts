import { asc, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type InvitationEvent, invitationEvents } from '@/db/schema';

/**
 * An invitation's delivery history (`invitation_events`): one row each time the drainer sent its
 * message, and each time a provider (Resend's webhooks, Twilio's status callbacks) reported a state,
 * whether or not that report moved the invitation's current state (a late "sent" after "delivered" is
 * history too). A replayed webhook or callback writes nothing.
 */
export type { InvitationEvent };
type DeliveryState = InvitationEvent['state'];

/** The events of these invitations, oldest first per invitation (in the order they were written). */
export async function listInvitationEvents(db: Db, invitationIds: readonly string[]): Promise<InvitationEvent[]> {
  if (invitationIds.length === 0) return [];
  return db
    .select()
    .from(invitationEvents)
    .where(inArray(invitationEvents.invitationId, [...invitationIds]))
    .orderBy(asc(invitationEvents.invitationId), asc(invitationEvents.id));
}

/** Writes one event per invitation (a webhook or callback concerns one invitation, rarely a few). */
export async function recordInvitationEvents(
  db: Db,
  invitationIds: readonly string[],
  event: { state: DeliveryState; detail?: string | null; occurredAt?: Date | null },
): Promise<void> {
  if (invitationIds.length === 0) return;
  await db.insert(invitationEvents).values(
    invitationIds.map((invitationId) => ({
      invitationId,
      state: event.state,
      detail: event.detail ?? null,
      ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}),
    })),
  );
}
