import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { accounts, invitations } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { hashActivationPassword, hashesEqual, hashLinkToken } from '@/lib/invitations/secrets';
import { type NumberChoice, takeNumber } from '@/lib/numbers/available-numbers';
import { ACTIVATION_MESSAGES, type ActivationErrorCode } from './activation-messages';
import { activationSucceeded, beginActivationAttempt } from './activation-throttle';
import { getNumberChoices, type NumberChoices } from './number-choices';
import { toE164 } from '@/lib/phone';
import { deviceNumberCandidates, looksLikeEmail, usernameThrottleKey } from './phone-input';

export { describeInvitationLink } from './describe-invitation-link';
export type { ActivationErrorCode } from './activation-messages';

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

interface InvitationMatch {
  invitationId: string;
  accountId: string;
  superseded: boolean;
}

interface LockedAccount {
  id: string;
  organization_id: string;
  tenant_id: string;
  organization_name: string;
  default_country: string;
  email: string | null;
  device_number: string | null;
  personal_phone: string | null;
  status: 'not_invited' | 'invited' | 'active';
  number: string | null;
}

/**
 * Activates an invited account on the user's device (docs/product.md#activation), by its link token (web) or
 * by its username and activation password (mobile app). The first activation binds the personal phone and
 * must come before the invitation expires; a later one with the same phone and the current invitation is a
 * reinstall and succeeds, also after the expiry. An account without a number takes the chosen one. Every user
 * error is a result, never an exception; nothing is written unless it succeeds, except the attempt counters.
 */
export async function activateAccount(db: Db, options: ActivateAccountOptions): Promise<ActivationResult> {
  const { credentials } = options;
  const channel = 'token' in credentials ? 'web' : 'app';
  const invalidCredentials = {
    ok: false,
    code: 'invalid_credentials',
    message: channel === 'web' ? ACTIVATION_MESSAGES.invalidLink : ACTIVATION_MESSAGES.invalidPassword,
  } as const;

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
  const result = await activateWithCredentials(db, options, invalidCredentials);
  if (result.ok) await activationSucceeded(db, throttle.attempt);
  return result;
}

async function activateWithCredentials(
  db: Db,
  options: ActivateAccountOptions,
  invalidCredentials: ActivationResult & { ok: false },
): Promise<ActivationResult> {
  const { credentials } = options;
  const channel = 'token' in credentials ? 'web' : 'app';
  const match = await findInvitation(db, credentials);
  if (!match) return invalidCredentials;
  if (match.superseded) return { ok: false, code: 'invitation_superseded', message: ACTIVATION_MESSAGES.superseded };

  return db.transaction(async (tx): Promise<ActivationResult> => {
    // Locked first, then everything is read again: two activations of one account (or one racing a
    // resend) run one after the other, and the second sees what the first did.
    const [account] = await queryRows<LockedAccount>(
      tx,
      sql`select a.id, a.organization_id, o.tenant_id, o.name as organization_name, root.default_country,
                 a.email, a.device_number, a.personal_phone, a.status,
                 (select e164 from phone_numbers n where n.account_id = a.id) as number
          from accounts a
          join organizations o on o.id = a.organization_id
          join organizations root on root.id = o.tenant_id
          where a.id = ${match.accountId}
          for update of a`,
    );
    if (!account) return invalidCredentials;
    const [invitation] = await queryRows<{ superseded: boolean; expired: boolean }>(
      tx,
      sql`select superseded_at is not null as superseded, expires_at <= now() as expired
          from invitations where id = ${match.invitationId}`,
    );
    if (!invitation) return invalidCredentials;
    if (invitation.superseded) {
      return { ok: false, code: 'invitation_superseded', message: ACTIVATION_MESSAGES.superseded };
    }

    const personalPhone = toE164(options.personalPhone, account.default_country);
    const reinstall = account.status === 'active' && account.personal_phone !== null;
    if (reinstall) {
      if (!personalPhone) return { ok: false, code: 'invalid_phone', message: ACTIVATION_MESSAGES.invalidPhone };
      if (personalPhone !== account.personal_phone) {
        return { ok: false, code: 'phone_mismatch', message: ACTIVATION_MESSAGES.phoneMismatch };
      }
    } else {
      if (invitation.expired) return { ok: false, code: 'invitation_expired', message: ACTIVATION_MESSAGES.expired };
      if (!personalPhone) return { ok: false, code: 'invalid_phone', message: ACTIVATION_MESSAGES.invalidPhone };
    }

    let number = account.number;
    if (!number) {
      const choice = options.numberChoice;
      if (!choice) {
        return {
          ok: false,
          code: 'number_required',
          message: ACTIVATION_MESSAGES.numberRequired,
          choices: await getNumberChoices(tx, account.organization_id),
        };
      }
      number = await takeNumber(tx, account.organization_id, account.id, choice);
      if (!number) {
        return {
          ok: false,
          code: 'number_taken',
          message: 'tag' in choice ? ACTIVATION_MESSAGES.tagExhausted : ACTIVATION_MESSAGES.numberTaken,
          choices: await getNumberChoices(tx, account.organization_id),
        };
      }
    }

    await tx
      .update(accounts)
      .set({
        personalPhone,
        status: 'active',
        // A reinstall keeps the date the line was first activated.
        activatedAt: sql`coalesce(${accounts.activatedAt}, now())`,
        updatedAt: sql`now()`,
      })
      .where(sql`${accounts.id} = ${account.id}`);
    await tx
      .update(invitations)
      .set({ usedAt: sql`coalesce(${invitations.usedAt}, now())` })
      .where(sql`${invitations.id} = ${match.invitationId}`);
    await recordAuditEvent(tx, { tenantId: account.tenant_id }, options.request, {
      action: 'account.activate',
      targetType: 'account',
      targetIds: [account.id],
      organizationId: account.organization_id,
      details: { number, reinstall, channel },
    });

    return {
      ok: true,
      accountId: account.id,
      organizationName: account.organization_name,
      username: (account.email ?? account.device_number)!,
      number,
      personalPhone,
      reinstall,
    };
  });
}

/**
 * The invitation the credentials open, current or superseded, or null. A password is compared, in
 * constant time, with every invitation of the accounts the username can name, so one that belonged to
 * a superseded invitation is recognised as such rather than as a wrong password.
 */
async function findInvitation(db: Db, credentials: ActivationCredentials): Promise<InvitationMatch | null> {
  if ('token' in credentials) {
    const tokenHash = hashLinkToken(credentials.token);
    const [row] = await queryRows<{ id: string; account_id: string; token_hash: string; superseded: boolean }>(
      db,
      sql`select id, account_id, token_hash, superseded_at is not null as superseded
          from invitations where token_hash = ${tokenHash} and account_id is not null`,
    );
    if (!row || !hashesEqual(row.token_hash, tokenHash)) return null;
    return { invitationId: row.id, accountId: row.account_id, superseded: row.superseded };
  }

  const username = credentials.username.trim();
  let accountFilter;
  if (looksLikeEmail(username)) {
    accountFilter = sql`lower(a.email) = ${username.toLowerCase()}`;
  } else {
    const countries = await queryRows<{ default_country: string }>(
      db,
      sql`select distinct default_country from organizations where parent_id is null`,
    );
    const candidates = deviceNumberCandidates(
      username,
      countries.map((c) => c.default_country),
    );
    if (candidates.length === 0) return null;
    accountFilter = sql`a.device_number in (${sql.join(
      candidates.map((c) => sql`${c}`),
      sql`, `,
    )})`;
  }
  const rows = await queryRows<{ id: string; account_id: string; password_hash: string; superseded: boolean }>(
    db,
    sql`select i.id, i.account_id, i.password_hash, i.superseded_at is not null as superseded
        from invitations i join accounts a on a.id = i.account_id
        where ${accountFilter} and i.password_hash is not null
        order by i.created_at desc
        limit 500`,
  );
  const passwordHash = hashActivationPassword(credentials.password);
  let found: InvitationMatch | null = null;
  // Every row is compared (no early exit), and a current invitation wins over a superseded one.
  for (const row of rows) {
    if (hashesEqual(row.password_hash, passwordHash) && (!found || found.superseded)) {
      found = { invitationId: row.id, accountId: row.account_id, superseded: row.superseded };
    }
  }
  return found;
}
