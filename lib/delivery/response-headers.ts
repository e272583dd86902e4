import type { RateLimitInfo } from '@/lib/delivery/provider-types';

/** Reads `ratelimit-limit`, `ratelimit-remaining` and `ratelimit-reset` (IETF draft, used by Resend). */
export function parseRateLimit(
  headers: Record<string, string> | Headers | null | undefined,
): RateLimitInfo | undefined {
  if (!headers) return undefined;
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]) ?? undefined;
  const num = (value: string | undefined) => {
    if (value === undefined || value.trim() === '') return undefined;
    const n = Number(value);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const info: RateLimitInfo = {
    limit: num(get('ratelimit-limit')),
    remaining: num(get('ratelimit-remaining')),
    resetSeconds: num(get('ratelimit-reset')),
  };
  return info.limit === undefined && info.remaining === undefined && info.resetSeconds === undefined ? undefined : info;
}

/** `retry-after` in seconds (delta-seconds or an HTTP date); `fallback` when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, fallback: number): number {
  if (!value) return fallback;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? fallback : Math.max(0, (date - Date.now()) / 1000);
}
