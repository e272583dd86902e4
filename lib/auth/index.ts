import 'server-only';
import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { administrators } from '@/db/schema';
import { authConfig } from '@/lib/auth/config';
import { getDummyPasswordHash, verifyPassword } from '@/lib/auth/password';
import { signInSchema } from '@/lib/auth/sign-in-schema';
import { getAuthSecret } from '@/lib/secrets';

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: getAuthSecret(),
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const db = await getDb();
        const [admin] = await db
          .select()
          .from(administrators)
          .where(sql`lower(${administrators.email}) = ${parsed.data.email.toLowerCase()}`);
        // Verify against a dummy hash when there is no usable account, so timing tells nothing.
        const hash = admin?.status === 'active' && admin.passwordHash ? admin.passwordHash : await getDummyPasswordHash();
        const valid = await verifyPassword(parsed.data.password, hash);
        if (!admin || !valid || admin.status !== 'active') return null;
        await db.update(administrators).set({ lastSignInAt: new Date() }).where(eq(administrators.id, admin.id));
        return { id: admin.id, email: admin.email, name: admin.name };
      },
    }),
  ],
}));
