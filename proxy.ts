import { getToken } from 'next-auth/jwt';
import { type NextRequest, NextResponse } from 'next/server';
import { isPublicPath, SIGN_IN_PATH } from '@/lib/auth/config';
import { getAuthSecret } from '@/lib/secrets';

/**
 * Sends signed-out visitors to Sign in. This is a convenience, not the guard: every page, action
 * and route checks the administrator again against the database (lib/auth/current-admin.ts).
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublicPath(pathname)) return NextResponse.next();
  const token = await getToken({
    req: request,
    secret: getAuthSecret(),
    secureCookie: request.nextUrl.protocol === 'https:',
  });
  if (token?.adminId) return NextResponse.next();
  const url = new URL(SIGN_IN_PATH, request.nextUrl.origin);
  if (pathname !== '/') url.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
