import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { NumberChoice } from '@/lib/numbers/available-numbers';
import { ACTIVATION_MESSAGES, type ActivationErrorCode } from './activation-messages';
import type { NumberChoices } from './number-choices';

/** The web link carries a token; the mobile app sends the username and password of the invitation. */
export type ActivationCredentials = { token: string } | { username: string; password: string };

export interface ActivateAccountOptions {
  credentials: ActivationCredentials;
  /** As the user typed it; a national format is read in the tenant's default country. */
  personalPhone: string;
  /** Needed when the account has no number; ignored when it has one. */
  numberChoice?: NumberChoice | null;
  /** The client, for the rate limit per address and the audit event. */
  request: RequestMeta;
}

export interface ActivationSuccess {
  ok: true;
  accountId: string;
  organizationName: string;
  username: string;
  number: string;
  personalPhone: string;
  /** The account was already active on this personal phone: the app was reinstalled. */
  reinstall: boolean;
}

export type ActivationFailure =
  | { ok: false; code: 'number_required' | 'number_taken'; message: string; choices: NumberChoices }
  | { ok: false; code: 'rate_limited'; message: string; retryAfterSeconds: number }
  | {
      ok: false;
      code: Exclude<ActivationErrorCode, 'number_required' | 'number_taken' | 'rate_limited'>;
      message: string;
    };

export type ActivationResult = ActivationSuccess | ActivationFailure;

export const SUPERSEDED = {
  ok: false,
  code: 'invitation_superseded',
  message: ACTIVATION_MESSAGES.superseded,
} as const satisfies ActivationFailure;

/** A single-use invitation that has already activated the account once (a reinstall needs a new one). */
export const USED = {
  ok: false,
  code: 'invitation_used',
  message: ACTIVATION_MESSAGES.used,
} as const satisfies ActivationFailure;
