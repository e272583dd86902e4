import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { administrators, invitations } from '@/db/schema';
import { activationSucceeded, beginActivationAttempt } from '@/lib/activation/activation-throttle';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { hashPassword } from '@/lib/auth/password';
import { forgiveSignInFailures } from '@/lib/auth/sign-in-throttle';
import { hashLinkToken } from '@/lib/invitations/secrets';
import { findSetPasswordLink, linkState } from './set-password-link';

export const SET_PASSWORD_MESSAGES = {
  unknown: 'This link is not valid. Open the whole link from your invitation email.',
  superseded: 'This link has been replaced by a newer invitation. Open the link in your latest email.',
  used: 'This link has already been used to set a password. Sign in with it, or ask for a new invitation.',
  expired: 'This link has expired. Ask your administrator to resend the invitation.',
  rateLimited: (seconds: number) =>
    `Too many attempts. Wait ${Math.max(1, Math.ceil(seconds / 60))} minute${seconds > 60 ? 's' : ''}, then try again.`,
} as const;

export type SetPasswordResult =
  | { ok: true; email: string; organizationName: string }
  | { ok: false; code: 'unknown' | 'superseded' | 'used' | 'expired' | 'rate_limited'; message: string };

/**
 * The set-password form's POST: with a current, unused, unexpired link, stores the scrypt hash of the
 * chosen password, makes the administrator active and marks the invitation used, in one transaction
 * with its audit event. The password must already satisfy `setPasswordSchema`. Attempts are counted
 * per link and per client address (with account activation's limits) before anything is checked.
 */
export async function setAdministratorPassword(
  db: Db,
  options: { token: string; password: string; request: RequestMeta },
): Promise<SetPasswordResult> {
  const throttle = await beginActivationAttempt(
    db,
    `activation:admin-link:${hashLinkToken(options.token)}`,
    options.request.ipAddress,
  );
  if (!throttle.allowed) {
    return { ok: false, code: 'rate_limited', message: SET_PASSWORD_MESSAGES.rateLimited(throttle.retryAfterSeconds) };
  }

  const refusal = (state: ReturnType<typeof linkState>['state']): SetPasswordResult | null =>
    state === 'ready' ? null : { ok: false, code: state, message: SET_PASSWORD_MESSAGES[state] };
  // Checked before the (deliberately slow) hash, and again under the lock.
  const first = refusal(linkState(await findSetPasswordLink(db, options.token)).state);
  if (first) return first;
  const passwordHash = await hashPassword(options.password);

  const result = await db.transaction(async (tx): Promise<SetPasswordResult> => {
    const row = await findSetPasswordLink(tx, options.token, true);
    const refused = refusal(linkState(row).state);
    if (refused || !row) return refused ?? { ok: false, code: 'unknown', message: SET_PASSWORD_MESSAGES.unknown };
    await tx
      .update(administrators)
      // A new password ends every session signed in with the old one (lib/auth/current-admin.ts).
      .set({ passwordHash, status: 'active', sessionVersion: sql`${administrators.sessionVersion} + 1` })
      .where(eq(administrators.id, row.administratorId));
    await tx
      .update(invitations)
      .set({ usedAt: sql`now()` })
      .where(eq(invitations.id, row.invitationId));
    await recordAuditEvent(tx, { tenantId: row.tenantId, id: row.administratorId, email: row.email }, options.request, {
      action: 'administrator.set_password',
      targetType: 'administrator',
      targetIds: [row.administratorId],
      organizationId: row.organizationId,
    });
    return { ok: true, email: row.email, organizationName: row.organizationName };
  });
  if (result.ok) {
    await activationSucceeded(db, throttle.attempt);
    // A new password forgives earlier failed sign-ins with the old one.
    await forgiveSignInFailures(db, result.email);
  }
  return result;
}
