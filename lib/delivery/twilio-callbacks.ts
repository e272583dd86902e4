import { and, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { invitations, outboxMessages, webhookEvents } from '@/db/schema';
import { recordInvitationEvents } from '@/lib/delivery/invitation-events';
import { isValidTwilioSignature, TWILIO_SIGNATURE_HEADER } from '@/lib/delivery/twilio-signature';
import { type DeliveryState, statesBelow } from '@/lib/delivery/webhooks';

/** The status callbacks' path; the SMS provider sends `StatusCallback=<APP_URL><path>` with each SMS. */
export const TWILIO_CALLBACK_PATH = '/api/webhooks/twilio';

/** The callback URL: from the configured address (APP_URL), never from a request's headers. */
export function twilioCallbackUrl(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, '')}${TWILIO_CALLBACK_PATH}`;
}

/**
 * Twilio's message statuses and the delivery state each sets, with the detail its event keeps. The
 * others (queued, sending, accepted, scheduled, read, canceled…) set nothing and are ignored.
 */
export const STATE_FOR_TWILIO_STATUS: Readonly<Record<string, { state: DeliveryState; detail: string | null }>> = {
  sent: { state: 'sent', detail: null },
  delivered: { state: 'delivered', detail: null },
  undelivered: { state: 'bounced', detail: 'undelivered' },
  failed: { state: 'failed', detail: null },
};

export interface TwilioStatusCallback {
  messageSid: string;
  messageStatus: string;
}

export type TwilioCallbackOutcome =
  /** This status of this message was processed before: nothing changed. */
  | { result: 'duplicate' }
  /** A status that sets no state. */
  | { result: 'ignored' }
  /** No invitation was sent as this message (another system on the same Twilio account). */
  | { result: 'unknown_message' }
  /** The invitation is already at this rank or beyond: the state stays, the event is written. */
  | { result: 'unchanged'; state: DeliveryState }
  | { result: 'updated'; state: DeliveryState; invitations: number };

/**
 * Applies one verified status callback, in one transaction: the callback is recorded (its message and
 * status, so a replay changes nothing), the invitation's state moves forward only (the rank order of
 * lib/delivery/webhooks.ts: a late "sent" after "delivered" changes nothing), and an event is written.
 */
export async function handleTwilioStatusCallback(
  db: Db,
  callback: TwilioStatusCallback,
): Promise<TwilioCallbackOutcome> {
  const target = STATE_FOR_TWILIO_STATUS[callback.messageStatus];
  if (!target) return { result: 'ignored' };
  return db.transaction(async (tx) => {
    const matchesMessage = or(
      eq(invitations.providerMessageId, callback.messageSid),
      inArray(
        invitations.id,
        tx
          .select({ id: outboxMessages.invitationId })
          .from(outboxMessages)
          .where(eq(outboxMessages.providerMessageId, callback.messageSid)),
      ),
    );
    const existing = await tx.select({ id: invitations.id }).from(invitations).where(matchesMessage);
    if (existing.length === 0) return { result: 'unknown_message' };

    const recorded = await tx
      .insert(webhookEvents)
      .values({
        id: `twilio:${callback.messageSid}:${callback.messageStatus}`,
        type: `twilio.${callback.messageStatus}`,
      })
      .onConflictDoNothing({ target: webhookEvents.id })
      .returning({ id: webhookEvents.id });
    if (recorded.length === 0) return { result: 'duplicate' };

    // The rank check is in the WHERE clause, as for Resend's webhooks: concurrent callbacks for one
    // message cannot both win.
    const updated = await tx
      .update(invitations)
      .set({ deliveryState: target.state, deliveryUpdatedAt: new Date() })
      .where(and(matchesMessage, inArray(invitations.deliveryState, statesBelow(target.state))))
      .returning({ id: invitations.id });
    await recordInvitationEvents(
      tx,
      existing.map((e) => e.id),
      { state: target.state, detail: target.detail },
    );
    if (updated.length > 0) return { result: 'updated', state: target.state, invitations: updated.length };
    const [current] = await tx
      .select({ state: invitations.deliveryState })
      .from(invitations)
      .where(eq(invitations.id, existing[0]!.id));
    return { result: 'unchanged', state: current!.state };
  });
}

/** Twilio's callbacks are small forms; anything much larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The whole of POST /api/webhooks/twilio, given its dependencies, so it is tested without a server.
 * The signature is checked against the URL built from APP_URL (`callbackUrl`) and every posted
 * parameter; a missing or wrong signature is a 403 and changes nothing. An unknown message answers 200
 * (Twilio retries nothing useful). JSON only, never a stack trace.
 */
export async function processTwilioCallbackRequest(
  request: Request,
  deps: { authToken: string | undefined; callbackUrl: string; getDb: () => Promise<Db> },
): Promise<Response> {
  try {
    if (!deps.authToken) {
      console.error('[webhooks] Twilio callback refused: TWILIO_AUTH_TOKEN is not set');
      return Response.json({ error: 'webhooks_not_configured' }, { status: 503 });
    }
    const body = await request.text();
    if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
      return Response.json({ error: 'payload_too_large' }, { status: 413 });
    }
    const params = new URLSearchParams(body);
    const signature = request.headers.get(TWILIO_SIGNATURE_HEADER);
    if (!isValidTwilioSignature(deps.authToken, signature, deps.callbackUrl, params)) {
      return Response.json({ error: 'invalid_signature' }, { status: 403 });
    }
    const messageSid = params.get('MessageSid') ?? params.get('SmsSid');
    const messageStatus = params.get('MessageStatus') ?? params.get('SmsStatus');
    if (!messageSid || !messageStatus) return Response.json({ error: 'invalid_payload' }, { status: 400 });
    const outcome = await handleTwilioStatusCallback(await deps.getDb(), { messageSid, messageStatus });
    return Response.json({ ok: true, ...outcome });
  } catch (error) {
    console.error('[webhooks] Twilio status callback failed', error);
    return Response.json({ error: 'internal_error' }, { status: 500 });
  }
}
