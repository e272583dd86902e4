import type { Db } from '@/db/client';
import type { Providers } from '@/lib/delivery/provider-types';
import { type Channel, claimDueBatch, formBatch, releaseBatch } from '@/lib/outbox/claim';
import { type Pacer, pacerFor } from '@/lib/outbox/pacer';
import { type Outcome, prepareJob, sendJob } from '@/lib/outbox/send';
import { failMembers, settle, type Tally, type TallyKey } from '@/lib/outbox/settle';

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

const DEFAULTS = {
  deadlineMs: 45_000,
  concurrency: 4,
  leaseSeconds: 120,
  maxAttempts: 8,
  backoffBaseMs: 2_000,
  backoffCapMs: 10 * 60_000,
  fatalBackoffMs: 5 * 60_000,
};

const TALLIED: readonly TallyKey[] = ['sent', 'failed', 'requeued', 'retrying', 'rateLimited'];

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
        const prepared = await prepareJob(job);
        if (prepared.unrenderable.size > 0) await failMembers(db, job.batchId, prepared.unrenderable);
        if (pacer && !(await pacer.acquire(Math.min(deadline, Date.now() + (o.leaseSeconds * 1000) / 2)))) {
          // The provider will not take it in time: put it back for the next drain, uncounted.
          await releaseBatch(db, job.batchId, Math.max(pacer.pausedUntil, Date.now()));
          started--;
          exhausted.add(channel);
          break;
        }
        counts.requests++;
        const outcome = await sendJob(job, prepared, o.providers);
        if (pacer) observe(pacer, outcome);
        addTally(counts, await settle(db, job, outcome, o));
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

/** Tells the pacer what the provider said of its pace; a request that died without an answer tells nothing. */
function observe(pacer: Pacer, { result }: Outcome): void {
  if (result.ok || result.kind !== 'transient' || result.rateLimit) {
    pacer.observe(
      result.rateLimit,
      !result.ok && result.kind === 'rate_limited' ? result.retryAfterSeconds : undefined,
    );
  } else {
    pacer.abandon();
  }
}

function addTally(counts: DrainCounts, tally: Tally): void {
  for (const key of TALLIED) counts[key] += tally[key] ?? 0;
}
