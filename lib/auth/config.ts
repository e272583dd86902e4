import type { NextAuthConfig } from 'next-auth';

export const SIGN_IN_PATH = '/sign-in';

/** Paths a signed-out visitor may open: sign-in, the invited users' activation, machine APIs. */
const PUBLIC_PREFIXES = [
  '/sign-in',
  '/activate',
  '/api/auth',
  '/api/v1',
  '/api/webhooks',
  '/api/cron',
  '/dev/mailbox',
  '/dev/emails',
];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** A relative path on this site; anything else (an absolute URL, "//host") becomes "/". */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/';
  }
  return value;
}

/**
 * The part of the configuration the proxy needs: JWT sessions and the sign-in page. It opens no
 * database; the Credentials provider is added in lib/auth/index.ts.
 */
export const authConfig = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: SIGN_IN_PATH },
  trustHost: true,
  providers: [],
  callbacks: {
    // The session carries the administrator's id, role and organization for display; every
    // authorization decision re-reads them from the database (lib/auth/current-admin.ts).
    jwt({ token, user }) {
      if (user?.id) {
        token.adminId = user.id;
        token.role = user.role;
        token.organizationId = user.organizationId;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.adminId === 'string') session.user.id = token.adminId;
      if (token.role === 'owner' || token.role === 'admin') session.user.role = token.role;
      if (typeof token.organizationId === 'string') session.user.organizationId = token.organizationId;
      return session;
    },
  },
} satisfies NextAuthConfig;
