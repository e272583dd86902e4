import type { Db } from '@/db/client';
import { type Env, getEnv } from '@/lib/env';
import { MailboxEmailProvider, MailboxSmsProvider } from '@/lib/delivery/mailbox-provider';
import { ResendEmailProvider } from '@/lib/delivery/resend-provider';
import { TwilioSmsProvider } from '@/lib/delivery/twilio-provider';

/** What a provider said about its rate limit (Resend's `ratelimit-*` headers), for the pacer. */
export interface RateLimitInfo {
  /** Requests allowed per window (Resend: per second). */
  limit?: number;
  /** Requests left in the current window. */
  remaining?: number;
  /** Seconds until the window resets. */
  resetSeconds?: number;
}

/**
 * Why a request failed, which decides what the drainer does next:
 * - rate_limited: wait as told (retry-after), the attempt does not count;
 * - transient: 5xx, timeout, dropped connection; retry with backoff under the same idempotency key;
 * - invalid: the provider refused the request and sent nothing (validation), so retrying it is pointless;
 *   `maybeSent` when the refusal does not prove that (an idempotency key reused with another body);
 * - fatal: misconfiguration (bad key, forbidden): nothing will work until an operator fixes it.
 * `error` is shown to administrators as the last error: it never holds a secret.
 */
export type SendFailure = { ok: false; error: string; rateLimit?: RateLimitInfo } & (
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'transient' }
  | { kind: 'invalid'; maybeSent?: boolean }
  | { kind: 'fatal' }
);

export interface OutgoingEmail {
  /** The outbox message id; sent as the X-Entity-Ref-ID header. */
  messageId: number;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export type EmailBatchResult =
  { ok: true; /** One per email, in order. */ providerMessageIds: string[]; rateLimit?: RateLimitInfo } | SendFailure;

export interface EmailProvider {
  /** Names the account being paced (one pacer per name in a process). */
  readonly name: string;
  /** Emails per request (Resend's batch endpoint: 100). */
  readonly maxBatchSize: number;
  /** Whether the provider publishes a rate limit: the drainer probes with one request first. */
  readonly rateLimited: boolean;
  /** Sends the emails as one request under one idempotency key: all are accepted, or none. */
  sendBatch(emails: OutgoingEmail[], options: { idempotencyKey: string }): Promise<EmailBatchResult>;
}

export interface OutgoingSms {
  messageId: number;
  to: string;
  body: string;
}

export type SmsResult = { ok: true; providerMessageId: string; rateLimit?: RateLimitInfo } | SendFailure;

export interface SmsProvider {
  readonly name: string;
  readonly rateLimited: boolean;
  send(sms: OutgoingSms, options: { idempotencyKey: string }): Promise<SmsResult>;
}

export interface Providers {
  email: EmailProvider;
  sms: SmsProvider;
}

/** With a real email provider but no SMS one, an SMS fails at once, visibly, instead of waiting forever. */
export class UnconfiguredSmsProvider implements SmsProvider {
  readonly name = 'sms:unconfigured';
  readonly rateLimited = false;
  async send(): Promise<SmsResult> {
    return { ok: false, kind: 'invalid', error: 'SMS is not configured (set SMS_PROVIDER and its variables)' };
  }
}

/** With a real SMS provider but no email one, an email fails at once, visibly (the mailbox is not served). */
export class UnconfiguredEmailProvider implements EmailProvider {
  readonly name = 'email:unconfigured';
  readonly maxBatchSize = 1;
  readonly rateLimited = false;
  async sendBatch(): Promise<EmailBatchResult> {
    return { ok: false, kind: 'invalid', error: 'Email is not configured (set RESEND_API_KEY and EMAIL_FROM)' };
  }
}

/**
 * The providers the configuration asks for: Resend when RESEND_API_KEY is set, else the development
 * mailbox in mailbox mode (no provider at all), else an email provider that fails every message; Twilio when SMS_PROVIDER=twilio, else the mailbox in mailbox mode (no provider at all), else
 * an SMS provider that fails every message with a clear error.
 */
export function providersFromEnv(db: Db, env: Env = getEnv()): Providers {
  const email: EmailProvider = env.RESEND_API_KEY
    ? new ResendEmailProvider({ apiKey: env.RESEND_API_KEY, from: env.EMAIL_FROM })
    : env.mailboxMode
      ? new MailboxEmailProvider(db)
      : new UnconfiguredEmailProvider();
  let sms: SmsProvider;
  if (env.SMS_PROVIDER === 'twilio') {
    sms = new TwilioSmsProvider({
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      from: env.TWILIO_FROM!,
      baseUrl: env.TWILIO_BASE_URL,
    });
  } else if (env.mailboxMode) {
    sms = new MailboxSmsProvider(db);
  } else {
    sms = new UnconfiguredSmsProvider();
  }
  return { email, sms };
}

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
