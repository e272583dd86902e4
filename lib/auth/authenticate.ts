import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Administrator, administrators } from '@/db/schema';
import { type RequestMeta, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDummyPasswordHash, PasswordCheckBusyError, verifyPassword } from '@/lib/auth/password';
import { loadAdminScope } from '@/lib/auth/scope';
import { beginSignInAttempt, signInSucceeded } from '@/lib/auth/sign-in-throttle';

export type AuthenticatedAdministrator = Pick<
  Administrator,
  'id' | 'email' | 'name' | 'role' | 'organizationId' | 'sessionVersion'
>;

export type AuthenticateResult =
  | { ok: true; admin: AuthenticatedAdministrator }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  | { ok: false; reason: 'busy' };

/**
 * Checks an administrator's email and password: counted by the throttle first, then one scrypt
 * verification (against a dummy hash when there is no usable account, so timing tells nothing),
 * then, on success, the sign-in is recorded.
 */
export async function authenticateAdministrator(
  db: Db,
  input: { email: string; password: string; trustedDeviceId: string | null; meta: RequestMeta },
): Promise<AuthenticateResult> {
  const throttle = await beginSignInAttempt(db, {
    email: input.email,
    address: input.meta.ipAddress,
    trustedDeviceId: input.trustedDeviceId,
  });
  if (!throttle.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };

  const [admin] = await db
    .select()
    .from(administrators)
    .where(sql`lower(${administrators.email}) = ${input.email.trim().toLowerCase()}`);
  const usable = admin?.status === 'active' && admin.passwordHash ? admin : null;
  let valid: boolean;
  try {
    valid = await verifyPassword(input.password, usable?.passwordHash ?? (await getDummyPasswordHash()));
  } catch (error) {
    if (error instanceof PasswordCheckBusyError) return { ok: false, reason: 'busy' };
    throw error;
  }
  if (!usable || !valid) return { ok: false, reason: 'invalid' };

  await signInSucceeded(db, throttle.attempt);
  const scope = (await loadAdminScope(db, { id: usable.id }))!;
  await db.transaction(async (tx) => {
    await tx.update(administrators).set({ lastSignInAt: new Date() }).where(eq(administrators.id, usable.id));
    await recordAuditEvent(tx, scope, input.meta, {
      action: 'admin.sign_in',
      targetType: 'administrator',
      targetIds: [usable.id],
      organizationId: usable.organizationId,
    });
  });
  return {
    ok: true,
    admin: {
      id: usable.id,
      email: usable.email,
      name: usable.name,
      role: usable.role,
      organizationId: usable.organizationId,
      sessionVersion: usable.sessionVersion,
    },
  };
}
