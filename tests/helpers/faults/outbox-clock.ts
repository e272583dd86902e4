import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';

/**
 * Simulated time for the outbox. The drainer (lib/outbox/drain.ts) takes no clock: it schedules every
 * retry as a due time in the database (`next_attempt_at = now() + backoff`) and claims what is due by
 * the database's `now()`. Moving every pending due time and lease back by `ms` is, to the drainer,
 * exactly `ms` passing.
 */
export async function advanceOutboxClock(db: Db, ms: number): Promise<void> {
  const by = sql`(${ms} * interval '1 millisecond')`;
  await db.execute(sql`update outbox_batches set next_attempt_at = next_attempt_at - ${by},
      claimed_until = claimed_until - ${by}
    where status = 'sending'`);
  await db.execute(sql`update outbox_messages set next_attempt_at = next_attempt_at - ${by},
      claimed_until = claimed_until - ${by}
    where status in ('queued', 'sending')`);
}

/**
 * How long (ms) until the drainer has something to do: 0 when something is due now; undefined when
 * nothing is waiting to be sent at all (everything sent, failed or cancelled).
 */
export async function nextDueInMs(db: Db): Promise<number | undefined> {
  const [row] = await queryRows<{ due_in_ms: number | string | null }>(
    db,
    sql`select case when min(due) is not null then greatest(0, extract(epoch from (min(due) - now())) * 1000) end as due_in_ms from (
          select greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at)) as due
            from outbox_batches where status = 'sending'
          union all
          select next_attempt_at from outbox_messages where status = 'queued' and batch_id is null
        ) d`,
  );
  return row?.due_in_ms === null || row?.due_in_ms === undefined ? undefined : Math.ceil(Number(row.due_in_ms));
}
