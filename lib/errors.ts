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

/** The one message for input that fails validation; what is wrong is said beside each field. */
export const INVALID_INPUT = 'Some of the values are not valid.';

/** A validation failure for the administrator: the shared message, and a message beside each field. */
export function invalid(fields: Record<string, string[]>): UserFacingError {
  return new UserFacingError(INVALID_INPUT, fields);
}
