import { Resend } from 'resend';
import type { EmailBatchResult, EmailProvider, OutgoingEmail, SendFailure } from '@/lib/delivery/provider-types';
import { parseRateLimit, parseRetryAfter } from '@/lib/delivery/response-headers';

export interface ResendProviderOptions {
  apiKey: string;
  from: string;
  /** Default: the SDK's (RESEND_BASE_URL, else https://api.resend.com). Tests point it at a fake server. */
  baseUrl?: string;
  /** Per request; past it the request is abandoned and retried under the same idempotency key. */
  timeoutMs?: number;
}

/** Email through Resend's batch endpoint (≤ 100 emails a request), one idempotency key a batch. */
export class ResendEmailProvider implements EmailProvider {
  readonly name: string;
  readonly maxBatchSize = 100;
  readonly rateLimited = true;
  private readonly client: Resend;
  private readonly from: string;
  private readonly timeoutMs: number;

  constructor(options: ResendProviderOptions) {
    this.client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
    this.from = options.from;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    // One pacer per Resend account and endpoint; the key itself never leaves this object.
    // The endpoint as the SDK resolves it: the option, else RESEND_BASE_URL, else Resend's own.
    const endpoint = options.baseUrl ?? process.env.RESEND_BASE_URL ?? 'https://api.resend.com';
    this.name = `resend:${endpoint}:${options.apiKey.slice(-6)}`;
  }

  async sendBatch(emails: OutgoingEmail[], options: { idempotencyKey: string }): Promise<EmailBatchResult> {
    const payload = emails.map((e) => ({
      from: this.from,
      to: [e.to],
      subject: e.subject,
      html: e.html,
      text: e.text,
      headers: { 'X-Entity-Ref-ID': String(e.messageId) },
    }));
    let response;
    try {
      response = await this.client.batch.send(payload, {
        idempotencyKey: options.idempotencyKey,
        batchValidation: 'strict',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // The SDK rethrows an abort that interrupts reading the body: a timeout.
      return { ok: false, kind: 'transient', error: `Resend request failed: ${describe(error)}` };
    }
    const { data, error, headers } = response;
    const rateLimit = parseRateLimit(headers);
    if (error) return classifyResendError(error, headers, rateLimit);
    const ids = data?.data?.map((d) => d.id) ?? [];
    if (ids.length !== emails.length) {
      // Accepted, but the answer does not say which id is which: sent all the same.
      return { ok: true, providerMessageIds: emails.map((_, i) => ids[i] ?? ''), rateLimit };
    }
    return { ok: true, providerMessageIds: ids, rateLimit };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name === 'TimeoutError' ? 'timed out' : error.message;
  return String(error);
}

export function classifyResendError(
  error: { statusCode: number | null; name: string; message: string },
  headers: Record<string, string> | null,
  rateLimit: SendFailure['rateLimit'],
): SendFailure {
  const status = error.statusCode;
  const text = `Resend ${status ?? 'network error'} ${error.name}: ${String(error.message).slice(0, 300)}`;
  if (status === null || status === undefined) {
    return { ok: false, kind: 'transient', error: 'Resend unreachable or timed out', rateLimit };
  }
  if (status === 429) {
    const quota = error.name === 'daily_quota_exceeded' || error.name === 'monthly_quota_exceeded';
    const retryAfter = parseRetryAfter(headers?.['retry-after'], quota ? 3600 : (rateLimit?.resetSeconds ?? 1));
    return { ok: false, kind: 'rate_limited', retryAfterSeconds: retryAfter, error: text, rateLimit };
  }
  if (status === 401 || status === 403 || error.name === 'invalid_api_key' || error.name === 'missing_api_key') {
    return { ok: false, kind: 'fatal', error: text, rateLimit };
  }
  if (status === 409 && error.name === 'concurrent_idempotent_requests') {
    return { ok: false, kind: 'transient', error: text, rateLimit };
  }
  if (status === 409) return { ok: false, kind: 'invalid', maybeSent: true, error: text, rateLimit };
  if (status === 404 || status === 405) return { ok: false, kind: 'fatal', error: text, rateLimit };
  if (status === 408 || status >= 500) return { ok: false, kind: 'transient', error: text, rateLimit };
  return { ok: false, kind: 'invalid', error: text, rateLimit };
}
