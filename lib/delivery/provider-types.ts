/** What a delivery provider is, for the drainer and every implementation (providers.ts picks one). */

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
