import { getEnv } from '@/lib/env';

/**
 * The portal's public origin, for links in invitations: APP_URL when set (set it in production), else
 * Vercel's production domain, else the origin the administrator's own request came to.
 */
export function appBaseUrl(headers: Headers): string {
  const env = getEnv();
  if (env.APP_URL) return env.APP_URL.replace(/\/$/, '');
  if (env.VERCEL_ENV === 'production' && process.env.VERCEL_PROJECT_PRODUCTION_URL) {
    return `https://${process.env.VERCEL_PROJECT_PRODUCTION_URL}`;
  }
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? 'localhost:3000';
  const proto = headers.get('x-forwarded-proto') ?? (host.startsWith('localhost') ? 'http' : 'https');
  return `${proto}://${host}`;
}
