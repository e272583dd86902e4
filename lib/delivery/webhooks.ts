import { and, eq, inArray, or } from 'drizzle-orm';
import { Resend } from 'resend';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { deliveryState, invitations, outboxMessages, webhookEvents } from '@/db/schema';
import { recordInvitationEvents } from '@/lib/delivery/invitation-events';

export type DeliveryState = (typeof deliveryState.enumValues)[number];

/**
 * How far along an invitation's delivery is. A webhook moves the state only to a strictly higher
 * rank, because Resend (through Svix) may deliver events late, retried, or out of order: a late
 * `email.sent` or `email.delivered` must never turn a Bounced invitation back into Sent.
 *
 * - queued < sent < delivered: the normal path.
 * - failed (3): Resend could not send it. Above delivered so a late `delivered` cannot hide it, but
 *   below bounced/complained, which say more specifically what happened to the address.
 * - bounced, complained (4): terminal. Equal rank, so whichever arrives first stays.
 *
 * The outbox drainer, which sets `sent` after the provider accepts a message, must respect the same
 * order (see `statesBelow`): a fast webhook can beat the drainer's own update.
 */
export const DELIVERY_STATE_RANK: Readonly<Record<DeliveryState, number>> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  failed: 3,
  bounced: 4,
  complained: 4,
};

/** The states a move to `target` may replace: those of strictly lower rank. */
export function statesBelow(target: DeliveryState): DeliveryState[] {
  const rank = DELIVERY_STATE_RANK[target];
  return deliveryState.enumValues.filter((s) => DELIVERY_STATE_RANK[s] < rank);
}

/** True when a webhook saying `next` may replace `current`. */
export function isDeliveryUpgrade(current: DeliveryState, next: DeliveryState): boolean {
  return DELIVERY_STATE_RANK[next] > DELIVERY_STATE_RANK[current];
}

/**
 * Resend's email events and the delivery state each one sets. `null`: recorded (so a replay is
 * recognised) but no state change. `email.suppressed` means Resend did not even try, because the
 * address is on its suppression list (an earlier bounce or complaint): for the administrator that is
 * a failed delivery. Any type not listed here (opened, clicked, contact.*, domain.*) is ignored.
 */
export const STATE_FOR_EVENT: Readonly<Record<string, DeliveryState | null>> = {
  'email.sent': 'sent',
  'email.delivered': 'delivered',
  'email.delivery_delayed': null,
  'email.bounced': 'bounced',
  'email.complained': 'complained',
  'email.failed': 'failed',
  'email.suppressed': 'failed',
};

export interface ResendWebhookEvent {
  /** The webhook message id (svix-id): the same on every retry of one event. */
  id: string;
  type: string;
  /** Resend's email id (`data.email_id`), as returned when the email was sent. */
  emailId: string | null;
  /** When Resend observed the event; null when absent or unreadable. */
  createdAt: Date | null;
}

export type WebhookOutcome =
  /** This webhook id was processed before: nothing changed. */
  | { result: 'duplicate' }
  /** An event type that sets no state (ignored, or recorded only). */
  | { result: 'ignored' }
  /** No invitation carries this email id (e.g. sent by another system on the same Resend account). */
  | { result: 'unknown_email' }
  /**
   * No invitation carries this email id yet, and the event is recent: the drainer may not have
   * committed the provider id of a batch it just sent. Nothing is recorded; answered with a 409 so
   * that Svix retries (5 s, then 5 min…).
   */
  | { result: 'retry_later' }
  /** The invitation is already at this rank or beyond (an out-of-order or repeated event). */
  | { result: 'unchanged'; state: DeliveryState }
  | { result: 'updated'; state: DeliveryState; invitations: number };

/**
 * Applies one verified Resend event. The webhook id is recorded and the state changed in one
 * transaction, so a replay (Svix retries until it gets a 2xx) changes nothing, and a failure leaves
 * nothing recorded, so the retry can succeed.
 *
 * Superseded invitations are updated too: their history stays true, and the Accounts table shows
 * only the current invitation anyway.
 */
/** How long an event for an email id we do not know yet is answered "retry later" rather than dropped. */
export const UNKNOWN_EMAIL_GRACE_MS = 15 * 60_000;

class RetryLater extends Error {}

export async function handleResendWebhook(db: Db, event: ResendWebhookEvent): Promise<WebhookOutcome> {
  try {
    return await applyResendWebhook(db, event);
  } catch (error) {
    if (error instanceof RetryLater) return { result: 'retry_later' };
    throw error;
  }
}

async function applyResendWebhook(db: Db, event: ResendWebhookEvent): Promise<WebhookOutcome> {
  return db.transaction(async (tx) => {
    const recorded = await tx
      .insert(webhookEvents)
      .values({ id: event.id, type: event.type })
      .onConflictDoNothing({ target: webhookEvents.id })
      .returning({ id: webhookEvents.id });
    if (recorded.length === 0) return { result: 'duplicate' };

    const target = STATE_FOR_EVENT[event.type];
    if (!target) return { result: 'ignored' };
    if (!event.emailId) return { result: 'unknown_email' };

    const matchesEmail = or(
      eq(invitations.providerMessageId, event.emailId),
      inArray(
        invitations.id,
        tx
          .select({ id: outboxMessages.invitationId })
          .from(outboxMessages)
          .where(eq(outboxMessages.providerMessageId, event.emailId)),
      ),
    );
    // The rank check is in the WHERE clause: under concurrent events for one email, Postgres
    // re-checks it after waiting for the row lock, so two events can never both "win".
    const updated = await tx
      .update(invitations)
      .set({ deliveryState: target, deliveryUpdatedAt: event.createdAt ?? new Date() })
      .where(and(matchesEmail, inArray(invitations.deliveryState, statesBelow(target))))
      .returning({ id: invitations.id });
    const reported = { state: target, occurredAt: event.createdAt };
    if (updated.length > 0) {
      await recordInvitationEvents(
        tx,
        updated.map((u) => u.id),
        reported,
      );
      return { result: 'updated', state: target, invitations: updated.length };
    }

    const existing = await tx
      .select({ id: invitations.id, state: invitations.deliveryState })
      .from(invitations)
      .where(matchesEmail);
    if (existing.length === 0) {
      const age = Date.now() - (event.createdAt ?? new Date()).getTime();
      if (age < UNKNOWN_EMAIL_GRACE_MS) throw new RetryLater();
      return { result: 'unknown_email' };
    }
    // Out of order or repeated under another id: the state stays, the report is history.
    await recordInvitationEvents(
      tx,
      existing.map((e) => e.id),
      reported,
    );
    return { result: 'unchanged', state: existing[0]!.state };
  });
}

const eventSchema = z.object({
  type: z.string().min(1),
  created_at: z.string().optional(),
  data: z.object({ email_id: z.string().min(1).optional() }).nullish(),
});

export type VerifyResult =
  { ok: true; event: ResendWebhookEvent } | { ok: false; status: 400 | 401 | 500 | 503; error: string };

// The SDK's verify() never calls the API, so the client needs no real key (it refuses to be built
// without one); this way webhooks can be verified on a deployment that sends through another key.
let verifier: Resend | undefined;
const getVerifier = () => (verifier ??= new Resend('re_webhook_verification_only'));

/**
 * Checks a webhook's signature and timestamp (Resend's SDK, Standard Webhooks: HMAC-SHA256 over
 * "id.timestamp.body", five minutes' tolerance) and reads the event. `payload` must be the raw body,
 * exactly as received. Accepts the svix-* headers Resend sends and the standard webhook-* ones.
 */
export function verifyResendWebhook(payload: string, headers: Headers, secret: string | undefined): VerifyResult {
  if (!secret) return { ok: false, status: 503, error: 'webhooks_not_configured' };
  const prefix = headers.has('svix-id') ? 'svix' : 'webhook';
  const id = headers.get(`${prefix}-id`) ?? '';
  let parsed: unknown;
  try {
    parsed = getVerifier().webhooks.verify({
      payload,
      headers: {
        id,
        timestamp: headers.get(`${prefix}-timestamp`) ?? '',
        signature: headers.get(`${prefix}-signature`) ?? '',
      },
      webhookSecret: secret,
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'WebhookVerificationError') return { ok: false, status: 401, error: 'invalid_signature' };
    // Signed by the holder of the secret, but not JSON.
    if (error instanceof SyntaxError) return { ok: false, status: 400, error: 'invalid_payload' };
    // Anything else comes from the secret itself (not base64): the operator must fix it.
    return { ok: false, status: 500, error: 'webhooks_misconfigured' };
  }
  const event = eventSchema.safeParse(parsed);
  if (!event.success) return { ok: false, status: 400, error: 'invalid_payload' };
  const createdAt = event.data.created_at ? new Date(event.data.created_at) : null;
  return {
    ok: true,
    event: {
      id,
      type: event.data.type,
      emailId: event.data.data?.email_id ?? null,
      createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
    },
  };
}

/**
 * The whole of POST /api/webhooks/resend, given its dependencies, so it is tested without a server.
 * Answers JSON only, never a stack trace. A 2xx tells Svix to stop retrying; a 5xx asks it to retry.
 */
export async function processResendWebhookRequest(
  request: Request,
  deps: { secret: string | undefined; getDb: () => Promise<Db> },
): Promise<Response> {
  try {
    const payload = await request.text();
    const verified = verifyResendWebhook(payload, request.headers, deps.secret);
    if (!verified.ok) {
      if (verified.status >= 500) console.error(`[webhooks] Resend webhook refused: ${verified.error}`);
      return Response.json({ error: verified.error }, { status: verified.status });
    }
    const outcome = await handleResendWebhook(await deps.getDb(), verified.event);
    if (outcome.result === 'duplicate') return Response.json({ ok: true, duplicate: true });
    if (outcome.result === 'retry_later') return Response.json({ error: 'email_not_yet_known' }, { status: 409 });
    return Response.json({ ok: true, ...outcome });
  } catch (error) {
    console.error('[webhooks] Resend webhook failed', error);
    return Response.json({ error: 'internal_error' }, { status: 500 });
  }
}
