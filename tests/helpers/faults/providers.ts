import type { EmailProvider, Providers } from '@/lib/delivery/provider-types';
import { UnconfiguredSmsProvider } from '@/lib/delivery/providers';
import { ResendEmailProvider } from '@/lib/delivery/resend-provider';

/**
 * The providers of every drainer in the fault tests, in the test process and in child.ts alike: a
 * retried batch must be byte-identical under its idempotency key, so the sender is the same everywhere.
 */
export const FAULTS_EMAIL_FROM = 'MultiLine <invitations@faults.test>';

export function fakeResendProvider(baseUrl: string, apiKey: string, timeoutMs = 10_000): EmailProvider {
  return new ResendEmailProvider({ apiKey, from: FAULTS_EMAIL_FROM, baseUrl, timeoutMs });
}

export function fakeResendProviders(baseUrl: string, apiKey: string, timeoutMs?: number): Providers {
  return { email: fakeResendProvider(baseUrl, apiKey, timeoutMs), sms: new UnconfiguredSmsProvider() };
}
