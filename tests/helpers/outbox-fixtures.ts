import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import type { AccountInvitationProps } from '@/emails/types';
import { type DrainOptions, drainOutbox } from '@/lib/outbox/drain';
import { enqueueMessages, type OutboxInput } from '@/lib/outbox/enqueue';
import { sleep } from './wait';

/** Props of a test invitation; the activation link names the message, so a sent email can be traced. */
export function invitationProps(i: number, tag = 't'): AccountInvitationProps {
  return {
    firstName: `User${i}`,
    lastName: 'Test',
    organizationName: 'Acme Corp',
    username: `user${i}.${tag}@example.test`,
    password: `PW${i}-ABCD-EFGH`,
    activationUrl: `https://portal.example/activate/${tag}_${i}`,
    assignedNumber: i % 3 === 0 ? '+12125550100' : null,
    expiresAt: '2030-01-31T12:00:00.000Z',
    appStoreUrl: 'https://apps.apple.com/app/multiline',
    playStoreUrl: 'https://play.google.com/store/apps/details?id=com.multiline',
  };
}

/** Queues `count` account invitations by email (recipient from `recipient`), returns their ids in order. */
export async function queueInvitations(
  db: Db,
  count: number,
  options: {
    tag?: string;
    recipient?: (i: number) => string;
    invitationIds?: string[];
    channel?: 'email' | 'sms';
  } = {},
): Promise<number[]> {
  const tag = options.tag ?? 't';
  const before = await maxOutboxId(db);
  const inputs: OutboxInput[] = Array.from({ length: count }, (_, i) => ({
    channel: options.channel ?? 'email',
    recipient: options.recipient?.(i) ?? `user${i}.${tag}@example.test`,
    template: 'account-invitation',
    props: invitationProps(i, tag),
    invitationId: options.invitationIds?.[i] ?? null,
  }));
  await db.transaction(async (tx) => enqueueMessages(tx as unknown as Db, inputs));
  const rows = await queryRows<{ id: string | number }>(
    db,
    sql`select id from outbox_messages where id > ${before} order by id`,
  );
  return rows.map((r) => Number(r.id));
}

async function maxOutboxId(db: Db): Promise<number> {
  const [row] = await queryRows<{ id: string | number | null }>(db, sql`select max(id) as id from outbox_messages`);
  return Number(row?.id ?? 0);
}

export async function statusCounts(db: Db, ids: number[]): Promise<Record<string, number>> {
  const rows = await queryRows<{ status: string; n: string | number }>(
    db,
    sql`select status, count(*) as n from outbox_messages where id = any(${`{${ids.join(',')}}`}::bigint[]) group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Drains until nothing is left queued or sending (retries wait for their backoff), pausing
 * `intervalMs` between rounds; fails after `timeoutMs`.
 */
export async function drainUntilSettled(
  db: Db,
  options: DrainOptions,
  ids: number[],
  { timeoutMs = 45_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<Record<string, number>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await drainOutbox(db, options);
    const counts = await statusCounts(db, ids);
    if (!counts.queued && !counts.sending) return counts;
    if (Date.now() > end) assert.fail(`not settled: ${JSON.stringify(counts)}`);
    await sleep(intervalMs);
  }
}
