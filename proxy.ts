import { getToken } from 'next-auth/jwt';
import { type NextRequest, NextResponse } from 'next/server';
import { isPublicPath, SIGN_IN_PATH } from '@/lib/auth/config';
import { getAuthSecret } from '@/lib/secrets';
import {
  ACTIVATION_REFERRER_POLICY,
  contentSecurityPolicy,
  createNonce,
  isActivationPath,
  isHttpsRequest,
  STRICT_TRANSPORT_SECURITY,
} from '@/lib/security-headers';

/**
 * Two jobs, for every request but static files:
 *
 * 1. The Content-Security-Policy with a fresh nonce. It goes on the response, and on the request
 *    Next.js renders: Next.js reads the nonce from the request's CSP header and puts it on every
 *    script it renders (which is why every page is rendered per request, see app/layout.tsx).
 *    `x-nonce` carries it to server components that render a script of their own.
 * 2. Sends signed-out visitors to Sign in. This is a convenience, not the guard: every page, action
 *    and route checks the administrator again against the database (lib/auth/current-admin.ts).
 *
 * The headers that do not depend on the request (nosniff, X-Frame-Options, Referrer-Policy) come from
 * next.config.ts, so that static files have them too.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const https = isHttpsRequest(request.nextUrl, request.headers);
  const nonce = createNonce();
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development', https });

  const withHeaders = (response: NextResponse) => {
    response.headers.set('Content-Security-Policy', csp);
    if (https) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    // next.config.ts sets it too; here as well so that no route's own header can weaken it.
    if (isActivationPath(pathname)) response.headers.set('Referrer-Policy', ACTIVATION_REFERRER_POLICY);
    return response;
  };
  const next = () => {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', csp);
    return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }));
  };

  if (isPublicPath(pathname)) return next();
  const token = await getToken({
    req: request,
    secret: getAuthSecret(),
    secureCookie: request.nextUrl.protocol === 'https:',
  });
  if (token?.adminId) return next();
  const url = new URL(SIGN_IN_PATH, request.nextUrl.origin);
  if (pathname !== '/') url.searchParams.set('callbackUrl', `${pathname}${search}`);
  return withHeaders(NextResponse.redirect(url));
}

// Static build files, image optimization and the few public files need no nonce; next.config.ts gives
// them the static headers. API routes are matched: their JSON carries a CSP that changes nothing.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
