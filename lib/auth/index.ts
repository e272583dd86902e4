import 'server-only';
import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db';
import { administrators } from '@/db/schema';
import { clientAddress, recordAuditEvent, requestMetaFrom } from '@/lib/audit/record-audit-event';
import { authConfig } from '@/lib/auth/config';
import { getDummyPasswordHash, verifyPassword } from '@/lib/auth/password';
import { signInSchema } from '@/lib/auth/sign-in-schema';
import { loadAdminScope } from '@/lib/auth/scope';
import { clearSignInFailures, isSignInThrottled, recordFailedSignIn } from '@/lib/auth/sign-in-throttle';
import { getAuthSecret } from '@/lib/secrets';

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: getAuthSecret(),
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const db = await getDb();
        const address = clientAddress(request.headers);
        // Throttled: refused before the password is even checked (the action explains why).
        if (await isSignInThrottled(db, parsed.data.email, address)) return null;
        const [admin] = await db
          .select()
          .from(administrators)
          .where(sql`lower(${administrators.email}) = ${parsed.data.email.toLowerCase()}`);
        // Verify against a dummy hash when there is no usable account, so timing tells nothing.
        const hash =
          admin?.status === 'active' && admin.passwordHash ? admin.passwordHash : await getDummyPasswordHash();
        const valid = await verifyPassword(parsed.data.password, hash);
        if (!admin || !valid || admin.status !== 'active') {
          await recordFailedSignIn(db, parsed.data.email, address);
          return null;
        }
        await clearSignInFailures(db, parsed.data.email);
        const scope = (await loadAdminScope(db, { id: admin.id }))!;
        await db.transaction(async (tx) => {
          await tx.update(administrators).set({ lastSignInAt: new Date() }).where(eq(administrators.id, admin.id));
          await recordAuditEvent(tx, scope, requestMetaFrom(request.headers), {
            action: 'admin.sign_in',
            targetType: 'administrator',
            targetIds: [admin.id],
            organizationId: admin.organizationId,
          });
        });
        return {
          id: admin.id,
          email: admin.email,
          name: admin.name,
          role: admin.role,
          organizationId: admin.organizationId,
        };
      },
    }),
  ],
}));
