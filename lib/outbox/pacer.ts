import type { RateLimitInfo } from '@/lib/delivery/provider-types';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Paces requests to one provider account so the drainer runs at its rate limit without 429 storms.
 * It learns the limit from `ratelimit-limit` (the first request is a lone probe) and then allows at
 * most that many request starts in any window of `windowMs + marginMs`: a provider that counts per
 * fixed or sliding second then never sees more than its limit, even with a little network jitter.
 * `ratelimit-remaining: 0` blocks until `ratelimit-reset` when the provider counted more requests
 * than this pacer started (another process shares the account); a 429 blocks until `retry-after`.
 * One pacer per provider account and process (see pacerFor); drainers in other processes are not
 * coordinated, and their occasional 429s are handled by waiting as told.
 */
export class Pacer {
  private limit: number | undefined;
  private readonly starts: number[] = [];
  private blockedUntil = 0;
  private probe: Promise<void> | undefined;
  private endProbe: (() => void) | undefined;

  constructor(
    private readonly windowMs = 1000,
    private readonly marginMs = 50,
  ) {}

  /** When the provider said to stop sending until (epoch ms); 0 when it did not. */
  get pausedUntil(): number {
    return this.blockedUntil > Date.now() ? this.blockedUntil : 0;
  }

  /**
   * Waits for a slot and records a request start. False, without waiting, when the slot would come
   * after `latest` (epoch ms): the caller then puts its work back instead of holding it.
   */
  async acquire(latest: number): Promise<boolean> {
    for (;;) {
      const now = Date.now();
      if (this.blockedUntil > now) {
        if (this.blockedUntil > latest) return false;
        await sleep(this.blockedUntil - now);
        continue;
      }
      if (this.limit === undefined) {
        if (this.probe) {
          await this.probe;
          continue;
        }
        this.probe = new Promise((resolve) => (this.endProbe = resolve));
        this.starts.push(now);
        return true;
      }
      const span = this.windowMs + this.marginMs;
      while (this.starts.length > 0 && this.starts[0]! <= now - span) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return true;
      }
      const wait = this.starts[0]! + span - now;
      if (now + wait > latest) return false;
      await sleep(wait);
    }
  }

  /** Feeds back what a response said. `retryAfterSeconds` only for a 429. */
  observe(info: RateLimitInfo | undefined, retryAfterSeconds?: number): void {
    const now = Date.now();
    if (info?.limit !== undefined && info.limit > 0) this.limit = info.limit;
    if (info?.remaining === 0 && info.resetSeconds !== undefined) {
      // Our own window already holds back when it counted `limit` starts. The provider's count being
      // ahead of ours means someone else spends this quota (another drainer): then wait as told.
      // (ratelimit-reset is whole seconds, so waiting for it when not needed would waste most of one.)
      const span = this.windowMs + this.marginMs;
      const recent = this.starts.filter((t) => t > now - span).length;
      if (this.limit === undefined || recent < this.limit) {
        this.blockedUntil = Math.max(this.blockedUntil, now + info.resetSeconds * 1000);
      }
    }
    if (retryAfterSeconds !== undefined) {
      this.blockedUntil = Math.max(this.blockedUntil, now + retryAfterSeconds * 1000);
    }
    if (this.probe) {
      // A response without rate-limit headers: nothing to pace by, the provider's 429s will say.
      if (this.limit === undefined && info === undefined && retryAfterSeconds === undefined) {
        this.limit = Number.POSITIVE_INFINITY;
      }
      const end = this.endProbe;
      this.probe = undefined;
      this.endProbe = undefined;
      end?.();
    }
  }

  /** A request that got no answer at all (network error): lets the next one probe again. */
  abandon(): void {
    this.observe(undefined, undefined);
    if (this.limit === Number.POSITIVE_INFINITY) this.limit = undefined;
  }
}

declare global {
  // One pacer per provider account and process, kept across hot reloads in development.
  var multilinePacers: Map<string, Pacer> | undefined;
}
const globalForPacers = globalThis;

/** The process's pacer for one provider account. */
export function pacerFor(name: string): Pacer {
  globalForPacers.multilinePacers ??= new Map();
  let pacer = globalForPacers.multilinePacers.get(name);
  if (!pacer) {
    pacer = new Pacer();
    globalForPacers.multilinePacers.set(name, pacer);
  }
  return pacer;
}
