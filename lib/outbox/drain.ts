import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import type { EmailBatchResult, OutgoingEmail, Providers, SendFailure, SmsResult } from '@/lib/delivery/provider-types';
import { renderEmail, renderSms } from '@/lib/delivery/render';
import type { TemplateName, TemplateProps } from '@/lib/delivery/types';
import { type Pacer, pacerFor } from '@/lib/outbox/pacer';
import { openPayload, SCRUBBED_PAYLOAD } from '@/lib/outbox/sealed-payload';

type Channel = 'email' | 'sms';

export interface DrainOptions {
  providers: Providers;
  /** Stop after sending this many provider requests (default: no limit). */
  maxBatches?: number;
  /** No new request starts after this many ms; requests in flight finish (default 45 s). */
  deadlineMs?: number;
  /** Provider requests in flight at once (default 4), always within the provider's pace. */
  concurrency?: number;
  /** How long a drainer holds a batch it claimed; past it another drainer may retry it (default 120 s). */
  leaseSeconds?: number;
  /** Attempts (not counting 429s) before a batch fails for good (default 8). */
  maxAttempts?: number;
  /** First retry delay after a transient failure, doubled each attempt, with jitter (default 2 s). */
  backoffBaseMs?: number;
  /** Longest retry delay (default 10 min). */
  backoffCapMs?: number;
  /** Retry delay after a fatal (configuration) error (default 5 min). */
  fatalBackoffMs?: number;
  /** Stops claiming new work when aborted (the worker's SIGTERM); requests in flight finish. */
  signal?: AbortSignal;
}

export interface DrainCounts {
  /** Provider requests made. */
  requests: number;
  sent: number;
  failed: number;
  /** Messages whose batch was refused as invalid and that went back to the queue to be sent alone. */
  requeued: number;
  /** Requests that will be retried (transient failures, 429s, configuration errors). */
  retrying: number;
  rateLimited: number;
}

interface Member {
  id: number;
  recipient: string;
  template: string;
  payload: unknown;
  invitation_id: string | null;
}

interface Job {
  batchId: string;
  channel: Channel;
  attempts: number;
  members: Member[];
}

const DEFAULTS = {
  deadlineMs: 45_000,
  concurrency: 4,
  leaseSeconds: 120,
  maxAttempts: 8,
  backoffBaseMs: 2_000,
  backoffCapMs: 10 * 60_000,
  fatalBackoffMs: 5 * 60_000,
};

const SCRUBBED = JSON.stringify(SCRUBBED_PAYLOAD);
const idArray = (ids: number[]) => `{${ids.join(',')}}`;

/**
 * Sends what is due in the outbox (docs/product.md#delivery). Messages are grouped into batches (one provider
 * request: ≤ 100 emails, or one SMS) in a short transaction that claims them with FOR UPDATE SKIP LOCKED;
 * then the request is sent, and its outcome recorded in one transaction. The batch id is the request's
 * idempotency key and its membership never changes, so a retry (after a 5xx, a timeout, or a drainer that
 * died holding the batch) resends the identical request and the provider does not send twice. Throws only
 * when the database fails.
 */
export async function drainOutbox(db: Db, options: DrainOptions): Promise<DrainCounts> {
  const o = { ...DEFAULTS, ...stripUndefined(options), providers: options.providers };
  const deadline = Date.now() + o.deadlineMs;
  const counts: DrainCounts = { requests: 0, sent: 0, failed: 0, requeued: 0, retrying: 0, rateLimited: 0 };
  const exhausted = new Set<Channel>();
  let started = 0;
  const pacers: Record<Channel, Pacer | undefined> = {
    email: o.providers.email.rateLimited ? pacerFor(o.providers.email.name) : undefined,
    sms: o.providers.sms.rateLimited ? pacerFor(o.providers.sms.name) : undefined,
  };

  const stopped = () =>
    Date.now() >= deadline || o.signal?.aborted === true || (o.maxBatches !== undefined && started >= o.maxBatches);

  const lane = async () => {
    for (const channel of ['email', 'sms'] as const) {
      while (!stopped() && !exhausted.has(channel)) {
        const pacer = pacers[channel];
        // Do not claim work while the provider asked us to wait longer than we may hold it.
        if (pacer && pacer.pausedUntil > Math.min(deadline, Date.now() + (o.leaseSeconds * 1000) / 2)) {
          exhausted.add(channel);
          break;
        }
        if (o.maxBatches !== undefined && started >= o.maxBatches) return;
        started++;
        const job = (await claimDueBatch(db, channel, o.leaseSeconds)) ?? (await formBatch(db, channel, o));
        if (!job) {
          started--;
          exhausted.add(channel);
          break;
        }
        // Rendered before waiting for the pacer's slot, so the request leaves the moment it is allowed.
        const prepared = await prepareJob(db, job);
        if (pacer && !(await pacer.acquire(Math.min(deadline, Date.now() + (o.leaseSeconds * 1000) / 2)))) {
          // The provider will not take it in time: put it back for the next drain, uncounted.
          await releaseBatch(db, job.batchId, Math.max(pacer.pausedUntil, Date.now()));
          started--;
          exhausted.add(channel);
          break;
        }
        counts.requests++;
        const outcome = await sendJob(job, prepared, o.providers);
        if (pacer) {
          if (outcome.result.ok || outcome.result.kind !== 'transient' || outcome.result.rateLimit) {
            pacer.observe(
              outcome.result.rateLimit,
              !outcome.result.ok && outcome.result.kind === 'rate_limited'
                ? outcome.result.retryAfterSeconds
                : undefined,
            );
          } else {
            pacer.abandon();
          }
        }
        await settle(db, job, outcome, o, counts);
        if (!outcome.result.ok && outcome.result.kind === 'fatal') exhausted.add(channel);
      }
    }
  };

  const results = await Promise.allSettled(Array.from({ length: Math.max(1, o.concurrency) }, lane));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return counts;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A batch whose retry is due and that no live drainer holds; counts one more attempt. */
async function claimDueBatch(db: Db, channel: Channel, leaseSeconds: number): Promise<Job | undefined> {
  const [batch] = await queryRows<{ id: string; attempts: number }>(
    db,
    sql`update outbox_batches set claimed_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
        where id = (
          select id from outbox_batches
          where status = 'sending' and channel = ${channel} and next_attempt_at <= now()
            and (claimed_until is null or claimed_until < now())
          order by next_attempt_at limit 1 for update skip locked)
        returning id, attempts`,
  );
  if (!batch) return undefined;
  const members = await queryRows<Member>(
    db,
    sql`select id, recipient, template, payload, invitation_id from outbox_messages
        where batch_id = ${batch.id} and status = 'sending' order by id`,
  );
  return { batchId: batch.id, channel, attempts: Number(batch.attempts), members: members.map(normalizeMember) };
}

/** Groups queued messages into a new batch and claims it: ≤ 100 emails, one SMS, a solo message alone. */
async function formBatch(
  db: Db,
  channel: Channel,
  o: { providers: Providers; leaseSeconds: number },
): Promise<Job | undefined> {
  const size = channel === 'email' ? Math.max(1, Math.min(100, o.providers.email.maxBatchSize)) : 1;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const candidates = await queryRows<{ id: string | number; solo: boolean }>(
      t,
      sql`select id, solo from outbox_messages
          where status = 'queued' and batch_id is null and channel = ${channel} and next_attempt_at <= now()
          order by next_attempt_at, id limit ${size} for update skip locked`,
    );
    if (candidates.length === 0) return undefined;
    let picked = candidates;
    if (candidates[0]!.solo) picked = candidates.slice(0, 1);
    else {
      const firstSolo = candidates.findIndex((c) => c.solo);
      if (firstSolo > 0) picked = candidates.slice(0, firstSolo);
    }
    const ids = picked.map((c) => Number(c.id));
    const [batch] = await queryRows<{ id: string }>(
      t,
      sql`insert into outbox_batches (channel, status, attempts, next_attempt_at, claimed_until)
          values (${channel}, 'sending', 1, now(), now() + make_interval(secs => ${o.leaseSeconds}))
          returning id`,
    );
    const members = await queryRows<Member>(
      t,
      sql`update outbox_messages set batch_id = ${batch!.id}, status = 'sending'
          where id = any(${idArray(ids)}::bigint[])
          returning id, recipient, template, payload, invitation_id`,
    );
    members.sort((a, b) => Number(a.id) - Number(b.id));
    return { batchId: batch!.id, channel, attempts: 1, members: members.map(normalizeMember) };
  });
}

function normalizeMember(m: Member): Member {
  return { ...m, id: Number(m.id), payload: typeof m.payload === 'string' ? JSON.parse(m.payload) : m.payload };
}

/** Gives a claimed batch back untouched: no attempt counted, due again at `dueAt`. */
async function releaseBatch(db: Db, batchId: string, dueAt: number): Promise<void> {
  await db.execute(
    sql`update outbox_batches set claimed_until = null, attempts = greatest(attempts - 1, 0),
          next_attempt_at = greatest(next_attempt_at, ${new Date(dueAt).toISOString()}::timestamptz)
        where id = ${batchId} and status = 'sending'`,
  );
}

interface Outcome {
  result: EmailBatchResult | SmsResult;
  /** Provider id per member id, on success. */
  providerIds: Map<number, string>;
  /** Members that could not be rendered (they fail alone; the rest of the batch is sent). */
  unrenderable: Map<number, string>;
}

interface Prepared {
  ready: { member: Member; email?: OutgoingEmail; sms?: string }[];
  unrenderable: Map<number, string>;
}

/** Opens and renders each member; one that cannot be rendered fails alone, the others are sent. */
async function prepareJob(db: Db, job: Job): Promise<Prepared> {
  const unrenderable = new Map<number, string>();
  const ready: Prepared['ready'] = [];
  for (const member of job.members) {
    try {
      const props = openPayload<TemplateProps[TemplateName]>(member.payload);
      const template = member.template as TemplateName;
      if (job.channel === 'email') {
        const email = await renderEmail(template, props);
        ready.push({ member, email: { messageId: member.id, to: member.recipient, ...email } });
      } else {
        ready.push({ member, sms: renderSms(template, props) });
      }
    } catch (error) {
      unrenderable.set(member.id, `Cannot render the message: ${describeError(error)}`);
    }
  }
  if (unrenderable.size > 0) await failMembers(db, job.batchId, unrenderable);
  return { ready, unrenderable };
}

async function sendJob(job: Job, { ready, unrenderable }: Prepared, providers: Providers): Promise<Outcome> {
  const providerIds = new Map<number, string>();
  if (ready.length === 0) {
    return {
      result: { ok: false, kind: 'invalid', error: 'Nothing to send in this batch' },
      providerIds,
      unrenderable,
    };
  }

  let result: EmailBatchResult | SmsResult;
  try {
    if (job.channel === 'email') {
      const sent = await providers.email.sendBatch(
        ready.map((r) => r.email!),
        { idempotencyKey: job.batchId },
      );
      if (sent.ok) ready.forEach((r, i) => providerIds.set(r.member.id, sent.providerMessageIds[i] ?? ''));
      result = sent;
    } else {
      const only = ready[0]!;
      result = await providers.sms.send(
        { messageId: only.member.id, to: only.member.recipient, body: only.sms! },
        { idempotencyKey: job.batchId },
      );
      if (result.ok) providerIds.set(only.member.id, result.providerMessageId);
    }
  } catch (error) {
    result = { ok: false, kind: 'transient', error: `Provider error: ${describeError(error)}` };
  }
  return { result, providerIds, unrenderable };
}

/**
 * A thrown error's message for last_error and the log, without secrets: a database error's own
 * message (drizzle's wrapper quotes the query's parameters, which hold the rendered email).
 */
function describeError(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const source = cause instanceof Error ? cause : error;
  const message = source instanceof Error ? source.message : 'unknown error';
  return message.split('\n')[0]!.slice(0, 200);
}

async function failMembers(db: Db, batchId: string, errors: Map<number, string>): Promise<void> {
  const rows = JSON.stringify([...errors].map(([id, error]) => ({ id, error })));
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(
      sql`update outbox_messages m set status = 'failed', last_error = v.error, payload = ${SCRUBBED}::jsonb
          from jsonb_to_recordset(${rows}::jsonb) as v(id bigint, error text)
          where m.id = v.id and m.batch_id = ${batchId}`,
    );
    await markInvitationsFailed(
      t,
      sql`m.id in (select (e->>'id')::bigint from jsonb_array_elements(${rows}::jsonb) e)`,
    );
  });
}

async function markInvitationsFailed(t: Db, memberFilter: ReturnType<typeof sql>): Promise<void> {
  await t.execute(
    sql`update invitations i set delivery_state = 'failed', delivery_updated_at = now()
        from outbox_messages m
        where m.invitation_id = i.id and ${memberFilter} and i.delivery_state in ('queued', 'sent')
          and m.status = 'failed'`,
  );
}

function backoffMs(attempts: number, o: { backoffBaseMs: number; backoffCapMs: number }): number {
  const raw = Math.min(o.backoffCapMs, o.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.75 + Math.random() * 0.5));
}

async function settle(db: Db, job: Job, outcome: Outcome, o: typeof DEFAULTS, counts: DrainCounts): Promise<void> {
  const { result } = outcome;
  const members = job.members.filter((m) => !outcome.unrenderable.has(m.id));
  counts.failed += outcome.unrenderable.size;
  if (result.ok) {
    const rows = JSON.stringify(members.map((m) => ({ id: m.id, pid: outcome.providerIds.get(m.id) || null })));
    await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      await t.execute(
        sql`update outbox_batches set status = 'sent', sent_at = now(), claimed_until = null, last_error = null
            where id = ${job.batchId}`,
      );
      const updated = await queryRows<{ id: string }>(
        t,
        sql`update outbox_messages m set status = 'sent', sent_at = now(), provider_message_id = v.pid,
              payload = ${SCRUBBED}::jsonb, last_error = null
            from jsonb_to_recordset(${rows}::jsonb) as v(id bigint, pid text)
            where m.id = v.id and m.batch_id = ${job.batchId} and m.status = 'sending'
            returning m.id`,
      );
      counts.sent += updated.length;
      // A webhook may already have said delivered, bounced or complained: never go back from those.
      await t.execute(
        sql`update invitations i set delivery_state = 'sent', delivery_updated_at = now(),
              provider_message_id = m.provider_message_id
            from outbox_messages m
            where m.batch_id = ${job.batchId} and m.invitation_id = i.id and m.status = 'sent'
              and i.delivery_state in ('queued', 'failed')`,
      );
    });
    return;
  }

  const failure: SendFailure = result;
  const error = failure.error.slice(0, 500);
  if (members.length === 0) {
    await db.execute(
      sql`update outbox_batches set status = 'failed', claimed_until = null, last_error = ${error} where id = ${job.batchId}`,
    );
    return;
  }
  switch (failure.kind) {
    case 'rate_limited': {
      counts.rateLimited++;
      counts.retrying++;
      await db.execute(
        sql`update outbox_batches set claimed_until = null, attempts = greatest(attempts - 1, 0), last_error = ${error},
              next_attempt_at = now() + make_interval(secs => ${failure.retryAfterSeconds})
            where id = ${job.batchId}`,
      );
      return;
    }
    case 'fatal': {
      counts.retrying++;
      console.error(
        `[outbox] ${job.channel} provider refused our credentials or configuration; nothing will be sent until ` +
          `it is fixed. Retrying in ${Math.round(o.fatalBackoffMs / 1000)} s. ${error}`,
      );
      await db.execute(
        sql`update outbox_batches set claimed_until = null, attempts = greatest(attempts - 1, 0), last_error = ${error},
              next_attempt_at = now() + make_interval(secs => ${o.fatalBackoffMs / 1000})
            where id = ${job.batchId}`,
      );
      return;
    }
    case 'transient': {
      if (job.attempts < o.maxAttempts) {
        counts.retrying++;
        await db.execute(
          sql`update outbox_batches set claimed_until = null, last_error = ${error},
                next_attempt_at = now() + make_interval(secs => ${backoffMs(job.attempts, o) / 1000})
              where id = ${job.batchId}`,
        );
        return;
      }
      console.warn(`[outbox] batch ${job.batchId} failed after ${job.attempts} attempts: ${error}`);
      await failBatch(db, job.batchId, `Gave up after ${job.attempts} attempts. ${error}`);
      counts.failed += members.length;
      return;
    }
    case 'invalid': {
      if (members.length === 1 || failure.maybeSent) {
        await failBatch(db, job.batchId, error);
        counts.failed += members.length;
        return;
      }
      // Nothing was sent: each message goes back to the queue to be sent alone, so one bad address
      // cannot sink the others, and the bad one fails by itself.
      await db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        await t.execute(
          sql`update outbox_batches set status = 'failed', claimed_until = null, last_error = ${error}
              where id = ${job.batchId}`,
        );
        await t.execute(
          sql`update outbox_messages set status = 'queued', batch_id = null, solo = true, last_error = ${error}
              where batch_id = ${job.batchId} and status = 'sending'`,
        );
      });
      counts.requeued += members.length;
      return;
    }
  }
}

async function failBatch(db: Db, batchId: string, error: string): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(
      sql`update outbox_batches set status = 'failed', claimed_until = null, last_error = ${error} where id = ${batchId}`,
    );
    await t.execute(
      sql`update outbox_messages set status = 'failed', last_error = ${error}, payload = ${SCRUBBED}::jsonb
          where batch_id = ${batchId} and status = 'sending'`,
    );
    await markInvitationsFailed(t, sql`m.batch_id = ${batchId}`);
  });
}
