/**
 * An error whose message is written for the administrator. Anything else thrown inside an action is
 * logged and answered with a generic message: no stack trace or SQL error ever reaches a user.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[] | undefined> };
