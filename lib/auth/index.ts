import 'server-only';
import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { administrators, auditEvents, organizations } from '@/db/schema';
import { authConfig } from '@/lib/auth/config';
import { getDummyPasswordHash, verifyPassword } from '@/lib/auth/password';
import { signInSchema } from '@/lib/auth/sign-in-schema';
import { clearSignInFailures, clientAddress, isSignInThrottled, recordFailedSignIn } from '@/lib/auth/sign-in-throttle';
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
        await db.transaction(async (tx) => {
          await tx.update(administrators).set({ lastSignInAt: new Date() }).where(eq(administrators.id, admin.id));
          const [org] = await tx
            .select({ tenantId: organizations.tenantId })
            .from(organizations)
            .where(eq(organizations.id, admin.organizationId));
          await tx.insert(auditEvents).values({
            tenantId: org!.tenantId,
            organizationId: admin.organizationId,
            actorAdminId: admin.id,
            actorEmail: admin.email,
            action: 'admin.sign_in',
            targetType: 'administrator',
            targetIds: [admin.id],
            ipAddress: address,
            userAgent: request.headers.get('user-agent')?.slice(0, 500) ?? null,
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
