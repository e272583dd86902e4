import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deliveryState, invitationEvents, invitations, outboxBatches, outboxMessages } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { recordInvitationEvents } from '@/lib/delivery/invitation-events';
import type { SendFailure } from '@/lib/delivery/provider-types';
import type { Job, Member } from '@/lib/outbox/claim';
import { SCRUBBED_PAYLOAD } from '@/lib/outbox/sealed-payload';
import type { Outcome } from '@/lib/outbox/send';

/** When a failed request is retried, and when it is given up. */
export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  fatalBackoffMs: number;
}

export type TallyKey = 'sent' | 'failed' | 'requeued' | 'retrying' | 'rateLimited';
/** What settling one request adds to the drain's counts. */
export type Tally = Partial<Record<TallyKey, number>>;

const scrubbed = () => sql`${JSON.stringify(SCRUBBED_PAYLOAD)}::jsonb`;

/** A list of message ids bound as one array parameter. */
const idList = (ids: number[]) => sql`${pgArray(ids.map(String))}::bigint[]`;

/** Records a request's outcome: sent, retried later, requeued message by message, or failed for good. */
export async function settle(db: Db, job: Job, outcome: Outcome, policy: RetryPolicy): Promise<Tally> {
  const members = job.members.filter((m) => !outcome.unrenderable.has(m.id));
  const unrenderable = outcome.unrenderable.size;
  if (outcome.result.ok) {
    const sent = await markSent(db, job.batchId, members, outcome.providerIds);
    return { sent, failed: unrenderable };
  }
  const error = outcome.result.error.slice(0, 500);
  if (members.length === 0) {
    await markBatchFailed(db, job.batchId, error);
    return { failed: unrenderable };
  }
  const tally = await settleFailure(db, job, outcome.result, error, members.length, policy);
  return { ...tally, failed: (tally.failed ?? 0) + unrenderable };
}

async function settleFailure(
  db: Db,
  job: Job,
  failure: SendFailure,
  error: string,
  members: number,
  policy: RetryPolicy,
): Promise<Tally> {
  switch (failure.kind) {
    case 'rate_limited':
      await retryBatch(db, job.batchId, error, failure.retryAfterSeconds, { refundAttempt: true });
      return { rateLimited: 1, retrying: 1 };
    case 'fatal':
      console.error(
        `[outbox] ${job.channel} provider refused our credentials or configuration; nothing will be sent until ` +
          `it is fixed. Retrying in ${Math.round(policy.fatalBackoffMs / 1000)} s. ${error}`,
      );
      await retryBatch(db, job.batchId, error, policy.fatalBackoffMs / 1000, { refundAttempt: true });
      return { retrying: 1 };
    case 'transient':
      if (job.attempts < policy.maxAttempts) {
        await retryBatch(db, job.batchId, error, backoffMs(job.attempts, policy) / 1000, { refundAttempt: false });
        return { retrying: 1 };
      }
      console.warn(`[outbox] batch ${job.batchId} failed after ${job.attempts} attempts: ${error}`);
      await failBatch(db, job.batchId, `Gave up after ${job.attempts} attempts. ${error}`);
      return { failed: members };
    case 'invalid':
      if (members === 1 || failure.maybeSent) {
        await failBatch(db, job.batchId, error);
        return { failed: members };
      }
      await requeueAlone(db, job.batchId, error);
      return { requeued: members };
  }
}

/** The batch and its members are sent; answers how many members were. */
async function markSent(db: Db, batchId: string, members: Member[], providerIds: Map<number, string>) {
  const ids = members.map((m) => m.id);
  const pids = members.map((m) => providerIds.get(m.id) || null);
  return db.transaction(async (tx) => {
    await tx
      .update(outboxBatches)
      .set({ status: 'sent', sentAt: sql`now()`, claimedUntil: null, lastError: null })
      .where(eq(outboxBatches.id, batchId));
    const updated = await tx
      .update(outboxMessages)
      .set({
        status: 'sent',
        sentAt: sql`now()`,
        providerMessageId: sql`v."pid"`,
        payload: scrubbed(),
        lastError: null,
      })
      .from(sql`unnest(${idList(ids)}, ${pgArray(pids)}::text[]) as v("id", "pid")`)
      .where(
        and(
          sql`${outboxMessages.id} = v."id"`,
          eq(outboxMessages.batchId, batchId),
          eq(outboxMessages.status, 'sending'),
        ),
      )
      .returning({ id: outboxMessages.id });
    // A webhook may already have said delivered, bounced or complained: never go back from those.
    await tx
      .update(invitations)
      .set({
        deliveryState: 'sent',
        deliveryUpdatedAt: sql`now()`,
        providerMessageId: sql`${outboxMessages.providerMessageId}`,
      })
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.batchId, batchId),
          eq(outboxMessages.invitationId, invitations.id),
          eq(outboxMessages.status, 'sent'),
          inArray(invitations.deliveryState, ['queued', 'failed']),
        ),
      );
    await recordSentEvents(tx, batchId);
    return updated.length;
  });
}

const eventColumns = sql.join(
  [invitationEvents.invitationId, invitationEvents.state].map((column) => sql.identifier(column.name)),
  sql`, `,
);

/**
 * A "sent" event for each invitation whose message this batch sent (even when a fast webhook already
 * moved the invitation further: the event is history). One INSERT … SELECT per batch.
 */
async function recordSentEvents(tx: Db, batchId: string): Promise<void> {
  await tx.execute(sql`
    insert into ${invitationEvents} (${eventColumns})
    select ${outboxMessages.invitationId}, ${'sent'}::${sql.identifier(deliveryState.enumName)}
    from ${outboxMessages}
    where ${outboxMessages.batchId} = ${batchId} and ${outboxMessages.status} = 'sent'
      and ${outboxMessages.invitationId} is not null`);
}

/** Due again after `delaySeconds`; a retry the provider asked for (429, configuration) counts no attempt. */
async function retryBatch(
  db: Db,
  batchId: string,
  error: string,
  delaySeconds: number,
  { refundAttempt }: { refundAttempt: boolean },
): Promise<void> {
  await db
    .update(outboxBatches)
    .set({
      claimedUntil: null,
      lastError: error,
      nextAttemptAt: sql`now() + make_interval(secs => ${delaySeconds})`,
      ...(refundAttempt ? { attempts: sql`greatest(${outboxBatches.attempts} - 1, 0)` } : {}),
    })
    .where(eq(outboxBatches.id, batchId));
}

function backoffMs(attempts: number, o: { backoffBaseMs: number; backoffCapMs: number }): number {
  const raw = Math.min(o.backoffCapMs, o.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.75 + Math.random() * 0.5));
}

async function markBatchFailed(db: Db, batchId: string, error: string): Promise<void> {
  await db
    .update(outboxBatches)
    .set({ status: 'failed', claimedUntil: null, lastError: error })
    .where(eq(outboxBatches.id, batchId));
}

/**
 * The batch was refused as invalid and nothing was sent: each message goes back to the queue to be
 * sent alone, so one bad address cannot sink the others, and the bad one fails by itself.
 */
async function requeueAlone(db: Db, batchId: string, error: string): Promise<void> {
  await db.transaction(async (tx) => {
    await markBatchFailed(tx, batchId, error);
    await tx
      .update(outboxMessages)
      .set({ status: 'queued', batchId: null, solo: true, lastError: error })
      .where(and(eq(outboxMessages.batchId, batchId), eq(outboxMessages.status, 'sending')));
  });
}

/** The batch and its members still sending fail for good, with their invitations. */
export async function failBatch(db: Db, batchId: string, error: string): Promise<void> {
  await db.transaction(async (tx) => {
    await markBatchFailed(tx, batchId, error);
    await tx
      .update(outboxMessages)
      .set({ status: 'failed', lastError: error, payload: scrubbed() })
      .where(and(eq(outboxMessages.batchId, batchId), eq(outboxMessages.status, 'sending')));
    await markInvitationsFailed(tx, eq(outboxMessages.batchId, batchId));
  });
}

/** These members of the batch fail alone (each with its own error); the rest of the batch is sent. */
export async function failMembers(db: Db, batchId: string, errors: Map<number, string>): Promise<void> {
  const ids = [...errors.keys()];
  await db.transaction(async (tx) => {
    await tx
      .update(outboxMessages)
      .set({ status: 'failed', lastError: sql`v."error"`, payload: scrubbed() })
      .from(sql`unnest(${idList(ids)}, ${pgArray([...errors.values()])}::text[]) as v("id", "error")`)
      .where(and(sql`${outboxMessages.id} = v."id"`, eq(outboxMessages.batchId, batchId)));
    await markInvitationsFailed(tx, sql`${outboxMessages.id} = any(${idList(ids)})`);
  });
}

/** The invitations of the failed messages `memberFilter` selects are failed too, unless a webhook said more. */
async function markInvitationsFailed(tx: Db, memberFilter: SQL): Promise<void> {
  const failed = await tx
    .update(invitations)
    .set({ deliveryState: 'failed', deliveryUpdatedAt: sql`now()` })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.invitationId, invitations.id),
        memberFilter,
        inArray(invitations.deliveryState, ['queued', 'sent']),
        eq(outboxMessages.status, 'failed'),
      ),
    )
    .returning({ id: invitations.id });
  await recordInvitationEvents(
    tx,
    failed.map((f) => f.id),
    { state: 'failed' },
  );
}
