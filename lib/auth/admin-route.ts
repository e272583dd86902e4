import 'server-only';
import type { Db } from '@/db/client';
import { getDb } from '@/lib/db';
import { getCurrentAdmin } from '@/lib/auth/current-admin';
import type { AdminScope } from '@/lib/auth/scope';

/**
 * The route-handler twin of adminAction: authenticates first (401 JSON when signed out), then runs the
 * handler with the administrator's scope; an unexpected error is logged and answered with a generic
 * JSON message, never a stack trace.
 */
export function adminRoute(
  handler: (request: Request, context: { admin: AdminScope; db: Db }) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const admin = await getCurrentAdmin();
    if (!admin) {
      return Response.json(
        { error: 'unauthenticated', message: 'Your session has ended. Sign in again.' },
        { status: 401 },
      );
    }
    try {
      return await handler(request, { admin, db: await getDb() });
    } catch (error) {
      console.error('[route] unexpected error', error);
      return Response.json(
        { error: 'internal', message: 'Something went wrong on our side. Try again in a moment.' },
        { status: 500 },
      );
    }
  };
}
