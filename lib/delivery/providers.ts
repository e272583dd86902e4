import type { Db } from '@/db/client';
import { type Env, getEnv } from '@/lib/env';
import { MailboxEmailProvider, MailboxSmsProvider } from '@/lib/delivery/mailbox-provider';
import { ResendEmailProvider } from '@/lib/delivery/resend-provider';
import { twilioCallbackUrl } from '@/lib/delivery/twilio-callbacks';
import { TwilioSmsProvider } from '@/lib/delivery/twilio-provider';
import type { EmailBatchResult, EmailProvider, Providers, SmsProvider, SmsResult } from '@/lib/delivery/provider-types';

/** With a real email provider but no SMS one, an SMS fails at once, visibly, instead of waiting forever. */
export class UnconfiguredSmsProvider implements SmsProvider {
  readonly name = 'sms:unconfigured';
  readonly rateLimited = false;
  send(): Promise<SmsResult> {
    return Promise.resolve({
      ok: false,
      kind: 'invalid',
      error: 'SMS is not configured (set SMS_PROVIDER and its variables)',
    });
  }
}

/** With a real SMS provider but no email one, an email fails at once, visibly (the mailbox is not served). */
export class UnconfiguredEmailProvider implements EmailProvider {
  readonly name = 'email:unconfigured';
  readonly maxBatchSize = 1;
  readonly rateLimited = false;
  sendBatch(): Promise<EmailBatchResult> {
    return Promise.resolve({
      ok: false,
      kind: 'invalid',
      error: 'Email is not configured (set RESEND_API_KEY and EMAIL_FROM)',
    });
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
      statusCallbackUrl: twilioCallbackUrl(env.appUrl),
    });
  } else if (env.mailboxMode) {
    sms = new MailboxSmsProvider(db);
  } else {
    sms = new UnconfiguredSmsProvider();
  }
  return { email, sms };
}
