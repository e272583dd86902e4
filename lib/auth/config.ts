import type { NextAuthConfig } from 'next-auth';

export const SIGN_IN_PATH = '/sign-in';

/**
 * Paths a signed-out visitor may open: sign-in, the invited users' activation, machine APIs. The
 * development mailbox is not one of them: it holds passwords and set-password links.
 */
const PUBLIC_PREFIXES = ['/sign-in', '/activate', '/api/auth', '/api/v1', '/api/webhooks', '/api/cron'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

const SITE = 'http://site.invalid';

/**
 * Where to go after signing in: a path of this site, resolved against its origin the way a browser
 * would resolve it. Control characters and backslashes (which browsers drop or read as "/") are
 * refused, and so is anything that resolves elsewhere or to a protocol-relative "//host"; all of
 * these become "/".
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2048) return '/';

  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== SITE || !path.startsWith('/') || path.startsWith('//')) return '/';
  return path;
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
    // The session carries the administrator's id, role and organization for display, and the
    // session version it was issued under; every authorization decision re-reads them from the
    // database (lib/auth/current-admin.ts), and a session of an older version is no session.
    jwt({ token, user }) {
      if (user?.id) {
        token.adminId = user.id;
        token.role = user.role;
        token.organizationId = user.organizationId;
        token.sessionVersion = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.adminId === 'string') session.user.id = token.adminId;
      if (token.role === 'owner' || token.role === 'admin') session.user.role = token.role;
      if (typeof token.organizationId === 'string') session.user.organizationId = token.organizationId;
      if (typeof token.sessionVersion === 'number') session.user.sessionVersion = token.sessionVersion;
      return session;
    },
  },
} satisfies NextAuthConfig;
