import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ActionResult, UserFacingError } from '@/lib/errors';

/**
 * A handler run the way a server action runs it. `adminAction` (lib/auth/admin-action.ts) cannot be
 * loaded outside Next.js (it imports 'server-only', next/headers and the session), so this applies its
 * error mapping to the same handler: a UserFacingError becomes its message and field errors, anything
 * else the generic UNEXPECTED message (the real one logs the error; here it is returned, to be looked
 * at). The message is read from admin-action.ts itself, so the two cannot drift apart.
 */
export async function runAsAction<T>(
  handler: () => Promise<ActionResult<T>>,
): Promise<{ result: ActionResult<T>; logged?: unknown }> {
  try {
    return { result: await handler() };
  } catch (error) {
    if (error instanceof UserFacingError) {
      return { result: { ok: false, message: error.message, fieldErrors: error.fieldErrors } };
    }
    return { result: { ok: false, message: UNEXPECTED }, logged: error };
  }
}

function readUnexpected(): string {
  const source = readFileSync(path.join(process.cwd(), 'lib/auth/admin-action.ts'), 'utf8');
  const match = /export const UNEXPECTED\s*=\s*'((?:[^'\\]|\\.)*)'/.exec(source);
  if (!match) throw new Error('UNEXPECTED not found in lib/auth/admin-action.ts');
  return match[1]!.replace(/\\(.)/g, '$1');
}

/** The message every unexpected error of an action shows the administrator. */
export const UNEXPECTED = readUnexpected();
