import { getEnv } from '@/lib/env';

/**
 * The portal's public origin, for links in invitations: APP_URL (required in a production
 * deployment), Vercel's own address on Vercel, localhost in demo mode. Never the request's Host or
 * X-Forwarded-Host, which whoever sends the request controls (lib/env.ts `resolveAppUrl`).
 */
export function appBaseUrl(): string {
  return getEnv().appUrl;
}
