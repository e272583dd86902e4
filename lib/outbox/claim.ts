import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type OutboxBatch, type OutboxMessage, outboxBatches, outboxMessages } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import type { Providers } from '@/lib/delivery/provider-types';

export type Channel = OutboxBatch['channel'];

/** A message of a claimed batch, as the request needs it. */
export type Member = Pick<OutboxMessage, 'id' | 'recipient' | 'template' | 'payload'>;

/** A batch a drainer holds: one provider request, sent under the batch id as its idempotency key. */
export interface Job {
  batchId: string;
  channel: Channel;
  attempts: number;
  members: Member[];
}

const memberColumns = {
  id: outboxMessages.id,
  recipient: outboxMessages.recipient,
  template: outboxMessages.template,
  payload: outboxMessages.payload,
};

const leaseEnd = (leaseSeconds: number) => sql`now() + make_interval(secs => ${leaseSeconds})`;

/** A batch whose retry is due and that no live drainer holds; counts one more attempt. */
export async function claimDueBatch(db: Db, channel: Channel, leaseSeconds: number): Promise<Job | undefined> {
  const due = db
    .select({ id: outboxBatches.id })
    .from(outboxBatches)
    .where(
      and(
        eq(outboxBatches.status, 'sending'),
        eq(outboxBatches.channel, channel),
        lte(outboxBatches.nextAttemptAt, sql`now()`),
        or(isNull(outboxBatches.claimedUntil), lt(outboxBatches.claimedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(outboxBatches.nextAttemptAt))
    .limit(1)
    .for('update', { skipLocked: true });
  const [batch] = await db
    .update(outboxBatches)
    .set({ claimedUntil: leaseEnd(leaseSeconds), attempts: sql`${outboxBatches.attempts} + 1` })
    .where(eq(outboxBatches.id, due))
    .returning({ id: outboxBatches.id, attempts: outboxBatches.attempts });
  if (!batch) return undefined;
  const members = await db
    .select(memberColumns)
    .from(outboxMessages)
    .where(and(eq(outboxMessages.batchId, batch.id), eq(outboxMessages.status, 'sending')))
    .orderBy(asc(outboxMessages.id));
  return { batchId: batch.id, channel, attempts: batch.attempts, members };
}

/** Groups queued messages into a new batch and claims it: ≤ 100 emails, one SMS, a solo message alone. */
export async function formBatch(
  db: Db,
  channel: Channel,
  o: { providers: Providers; leaseSeconds: number },
): Promise<Job | undefined> {
  const size = channel === 'email' ? Math.max(1, Math.min(100, o.providers.email.maxBatchSize)) : 1;
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: outboxMessages.id, solo: outboxMessages.solo })
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.status, 'queued'),
          isNull(outboxMessages.batchId),
          eq(outboxMessages.channel, channel),
          lte(outboxMessages.nextAttemptAt, sql`now()`),
        ),
      )
      .orderBy(asc(outboxMessages.nextAttemptAt), asc(outboxMessages.id))
      .limit(size)
      .for('update', { skipLocked: true });
    if (candidates.length === 0) return undefined;
    const ids = pickBatch(candidates).map((c) => c.id);
    const [batch] = await tx
      .insert(outboxBatches)
      .values({
        channel,
        status: 'sending',
        attempts: 1,
        nextAttemptAt: sql`now()`,
        claimedUntil: leaseEnd(o.leaseSeconds),
      })
      .returning({ id: outboxBatches.id });
    const members = await tx
      .update(outboxMessages)
      .set({ batchId: batch!.id, status: 'sending' })
      .where(sql`${outboxMessages.id} = any(${pgArray(ids.map(String))}::bigint[])`)
      .returning(memberColumns);
    members.sort((a, b) => a.id - b.id);
    return { batchId: batch!.id, channel, attempts: 1, members };
  });
}

/** The candidates that go together: a solo message alone, otherwise those before the first solo one. */
function pickBatch<C extends { solo: boolean }>(candidates: C[]): C[] {
  if (candidates[0]!.solo) return candidates.slice(0, 1);
  const firstSolo = candidates.findIndex((c) => c.solo);
  return firstSolo > 0 ? candidates.slice(0, firstSolo) : candidates;
}

/** Gives a claimed batch back untouched: no attempt counted, due again at `dueAt`. */
export async function releaseBatch(db: Db, batchId: string, dueAt: number): Promise<void> {
  await db
    .update(outboxBatches)
    .set({
      claimedUntil: null,
      attempts: sql`greatest(${outboxBatches.attempts} - 1, 0)`,
      nextAttemptAt: sql`greatest(${outboxBatches.nextAttemptAt}, ${new Date(dueAt).toISOString()}::timestamptz)`,
    })
    .where(and(eq(outboxBatches.id, batchId), eq(outboxBatches.status, 'sending')));
}
