import type { Db } from '@/db/client';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hashLinkToken } from '@/lib/invitations/secrets';
import { type NumberChoice, takeNumber } from '@/lib/numbers/available-numbers';
import { toE164 } from '@/lib/phone';
import { isAccountSuspended, SUSPENDED } from './account-suspended';
import { ACTIVATION_MESSAGES } from './activation-messages';
import { invitationState, type LockedAccount, lockAccount, markActivated } from './activation-records';
import {
  type ActivateAccountOptions,
  type ActivationFailure,
  type ActivationResult,
  SUPERSEDED,
  USED,
} from './activation-result';
import { activationSucceeded, beginActivationAttempt } from './activation-throttle';
import { findInvitation } from './find-invitation';
import { getNumberChoices } from './number-choices';
import { usernameThrottleKey } from './phone-input';

export { describeInvitationLink } from './describe-invitation-link';
export type { ActivationErrorCode } from './activation-messages';
export type {
  ActivateAccountOptions,
  ActivationCredentials,
  ActivationFailure,
  ActivationResult,
  ActivationSuccess,
} from './activation-result';

/**
 * Activates an invited account on the user's device (docs/product.md#activation), by its link token (web) or
 * by its username and activation password (mobile app). The first activation binds the personal phone and
 * must come before the invitation expires; a later one with the same phone and the current invitation is a
 * reinstall and succeeds, also after the expiry. An account without a number takes the chosen one. Every user
 * error is a result, never an exception; nothing is written unless it succeeds, except the attempt counters.
 */
export async function activateAccount(db: Db, options: ActivateAccountOptions): Promise<ActivationResult> {
  const { credentials } = options;
  // Counted before the credentials are checked, so a guess costs an attempt whether it is right or not.
  const subject =
    'token' in credentials
      ? `activation:link:${hashLinkToken(credentials.token)}`
      : `activation:user:${usernameThrottleKey(credentials.username)}`;
  const throttle = await beginActivationAttempt(db, subject, options.request.ipAddress);
  if (!throttle.allowed) {
    const wait = throttle.retryAfterSeconds;
    return { ok: false, code: 'rate_limited', message: ACTIVATION_MESSAGES.rateLimited(wait), retryAfterSeconds: wait };
  }
  const result = await activateWithCredentials(db, options);
  if (result.ok) await activationSucceeded(db, throttle.attempt);
  return result;
}

async function activateWithCredentials(db: Db, options: ActivateAccountOptions): Promise<ActivationResult> {
  const channel = 'token' in options.credentials ? 'web' : 'app';
  const invalidCredentials = {
    ok: false,
    code: 'invalid_credentials',
    message: channel === 'web' ? ACTIVATION_MESSAGES.invalidLink : ACTIVATION_MESSAGES.invalidPassword,
  } as const;
  const match = await findInvitation(db, options.credentials);
  if (!match) return invalidCredentials;
  if (match.superseded) return (await isAccountSuspended(db, match.accountId)) ? SUSPENDED : SUPERSEDED;

  return db.transaction(async (tx): Promise<ActivationResult> => {
    // Locked first, then everything is read again.
    const account = await lockAccount(tx, match.accountId);
    if (!account) return invalidCredentials;
    if (account.status === 'suspended') return SUSPENDED;
    const invitation = await invitationState(tx, match.invitationId);
    if (!invitation) return invalidCredentials;
    if (invitation.superseded) return SUPERSEDED;
    if (invitation.used) return USED;
    const phone = checkPersonalPhone(account, invitation.expired, options.personalPhone);
    if (!phone.ok) return phone;
    const number = await ensureNumber(tx, account, options.numberChoice);
    if (!number.ok) return number;

    await markActivated(tx, account.id, match.invitationId, phone.personalPhone);
    await recordAuditEvent(tx, { tenantId: account.tenantId }, options.request, {
      action: 'account.activate',
      targetType: 'account',
      targetIds: [account.id],
      organizationId: account.organizationId,
      details: { number: number.number, reinstall: phone.reinstall, channel },
    });
    return {
      ok: true,
      accountId: account.id,
      organizationName: account.organizationName,
      username: (account.email ?? account.deviceNumber)!,
      number: number.number,
      personalPhone: phone.personalPhone,
      reinstall: phone.reinstall,
    };
  });
}

/**
 * The personal phone as typed, read in the tenant's country. A reinstall (the account is Active on a
 * phone) must name that phone and may come after the expiry; a first activation must come before it.
 */
function checkPersonalPhone(
  account: LockedAccount,
  expired: boolean,
  typed: string,
): { ok: true; personalPhone: string; reinstall: boolean } | ActivationFailure {
  const personalPhone = toE164(typed, account.defaultCountry);
  const reinstall = account.status === 'active' && account.personalPhone !== null;
  if (!reinstall && expired) return { ok: false, code: 'invitation_expired', message: ACTIVATION_MESSAGES.expired };
  if (!personalPhone) return { ok: false, code: 'invalid_phone', message: ACTIVATION_MESSAGES.invalidPhone };
  if (reinstall && personalPhone !== account.personalPhone) {
    return { ok: false, code: 'phone_mismatch', message: ACTIVATION_MESSAGES.phoneMismatch };
  }
  return { ok: true, personalPhone, reinstall };
}

/** The account's number, or the chosen one taken now; without a choice, what there is to choose from. */
async function ensureNumber(
  tx: Db,
  account: LockedAccount,
  choice: NumberChoice | null | undefined,
): Promise<{ ok: true; number: string } | ActivationFailure> {
  if (account.number) return { ok: true, number: account.number };
  if (!choice) {
    return {
      ok: false,
      code: 'number_required',
      message: ACTIVATION_MESSAGES.numberRequired,
      choices: await getNumberChoices(tx, account.organizationId),
    };
  }
  // A reserved number is never taken here, even when a crafted request names it: only an administrator
  // assigns it (docs/product.md#headroom). It answers as a number no longer available.
  const number = await takeNumber(tx, account.organizationId, account.id, choice, { reserved: 'exclude' });
  if (number) return { ok: true, number };
  return {
    ok: false,
    code: 'number_taken',
    message: 'tag' in choice ? ACTIVATION_MESSAGES.tagExhausted : ACTIVATION_MESSAGES.numberTaken,
    choices: await getNumberChoices(tx, account.organizationId),
  };
}
