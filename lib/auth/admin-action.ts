import 'server-only';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { getDb } from '@/lib/db';
import { type RequestMeta, requestMetaFrom } from '@/lib/audit/record-audit-event';
import { getCurrentAdmin } from '@/lib/auth/current-admin';
import type { AdminScope } from '@/lib/auth/scope';
import { type ActionResult, INVALID_INPUT, UserFacingError } from '@/lib/errors';

export interface ActionContext {
  admin: AdminScope;
  db: Db;
  meta: RequestMeta;
}

export const SESSION_ENDED = 'Your session has ended. Sign in again.';
export const UNEXPECTED = 'Something went wrong on our side and nothing was changed. Try again in a moment.';

/**
 * Every server action goes through this: it authenticates first, then validates the input with the
 * action's zod schema, then hands the administrator's scope to the handler, whose queries filter on
 * it. A server action is a public endpoint; the proxy alone protects nothing. The forms of the pages
 * without a session (sign-in, activation, set-password) have `publicAction` (lib/auth/public-action.ts).
 *
 * A handler that changed something calls `revalidatePath` for the pages that show it: the page the
 * action was called from comes back rendered again in the same response (no `router.refresh()` in the
 * browser), and the others are fetched afresh on the next visit.
 */
export function adminAction<Schema extends z.ZodType, T>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: ActionContext) => Promise<ActionResult<T>>,
): (input: z.input<Schema>) => Promise<ActionResult<T>> {
  return async (input) => {
    const admin = await getCurrentAdmin();
    if (!admin) return { ok: false, message: SESSION_ENDED };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        message: INVALID_INPUT,
        fieldErrors: z.flattenError(parsed.error as z.ZodError).fieldErrors,
      };
    }
    try {
      return await handler(parsed.data, { admin, db: await getDb(), meta: requestMetaFrom(await headers()) });
    } catch (error) {
      unstable_rethrow(error); // Next.js's own control flow (redirect(), notFound()) is not a failure
      if (error instanceof UserFacingError) {
        return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
      }
      console.error('[action] unexpected error', error);
      return { ok: false, message: UNEXPECTED };
    }
  };
}
