import type { EmailProvider, Providers, SmsProvider } from '@/lib/delivery/provider-types';
import { UnconfiguredSmsProvider } from '@/lib/delivery/providers';
import { ResendEmailProvider } from '@/lib/delivery/resend-provider';

/** The sender of the outbox tests' emails. */
export const TEST_EMAIL_FROM = 'MultiLine <inv@test>';

/**
 * The sender of every drainer in the fault tests, in the test process and in faults/child.ts alike: a
 * retried batch must be byte-identical under its idempotency key, so the sender is the same everywhere.
 */
export const FAULTS_EMAIL_FROM = 'MultiLine <invitations@faults.test>';

/** A fake Resend server (tests/helpers/fake-resend.ts) as the providers need it: its address and key. */
export interface FakeResendEndpoint {
  url: string;
  apiKey: string;
}

export interface FakeResendProviderOptions {
  /** Another key than the server's (a wrong one, say). */
  apiKey?: string;
  from?: string;
  timeoutMs?: number;
}

/** The real Resend email provider, pointed at a fake Resend server. */
export function fakeResendProvider(
  fake: FakeResendEndpoint,
  { apiKey = fake.apiKey, from = TEST_EMAIL_FROM, timeoutMs = 10_000 }: FakeResendProviderOptions = {},
): EmailProvider {
  return new ResendEmailProvider({ apiKey, from, baseUrl: fake.url, timeoutMs });
}

/** A drainer's providers: email through a fake Resend server; SMS unconfigured unless `sms` is given. */
export function fakeResendProviders(
  fake: FakeResendEndpoint,
  { sms = new UnconfiguredSmsProvider(), ...options }: FakeResendProviderOptions & { sms?: SmsProvider } = {},
): Providers {
  return { email: fakeResendProvider(fake, options), sms };
}
