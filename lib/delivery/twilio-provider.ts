import type { OutgoingSms, SmsProvider, SmsResult } from '@/lib/delivery/provider-types';
import { parseRetryAfter } from '@/lib/delivery/response-headers';

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Where Twilio posts the message's status (lib/delivery/twilio-callbacks.ts); none when unset. */
  statusCallbackUrl?: string;
}

/**
 * SMS through Twilio's Messages API (form body, basic auth). Twilio has no idempotency header for
 * sending, so a retry after a timeout or a dropped connection can send one SMS twice; the drainer
 * still sends each SMS as a batch of its own, so that is the only way a duplicate can happen.
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly name: string;
  readonly rateLimited = false;
  private readonly url: string;
  private readonly authorization: string;

  constructor(private readonly options: TwilioProviderOptions) {
    const base = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    this.url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    this.name = `twilio:${options.accountSid}`;
  }

  async send(sms: OutgoingSms): Promise<SmsResult> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { Authorization: this.authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          To: sms.to,
          From: this.options.from,
          Body: sms.body,
          ...(this.options.statusCallbackUrl ? { StatusCallback: this.options.statusCallbackUrl } : {}),
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch {
      return { ok: false, kind: 'transient', error: 'Twilio unreachable or timed out' };
    }
    let body: { sid?: string; code?: number; message?: string } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // A 5xx from a proxy may have no JSON body.
    }
    if (response.ok && body.sid) return { ok: true, providerMessageId: body.sid };
    const text = `Twilio ${response.status}${body.code ? ` (${body.code})` : ''}: ${String(body.message ?? response.statusText).slice(0, 300)}`;
    if (response.status === 429) {
      return {
        ok: false,
        kind: 'rate_limited',
        retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), 1),
        error: text,
      };
    }
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      return { ok: false, kind: 'fatal', error: text };
    }
    if (response.status >= 500 || response.ok) return { ok: false, kind: 'transient', error: text };
    return { ok: false, kind: 'invalid', error: text };
  }
}
