'use server';

import { setPasswordSchema } from '@/lib/administrators/administrator-schemas';
import { setAdministratorPassword } from '@/lib/administrators/set-administrator-password';
import { publicAction } from '@/lib/auth/public-action';

export interface SetPasswordFormState {
  /** Set once the password is set: the form gives way to the confirmation. */
  done?: { email: string; organizationName: string };
  message?: string;
  fieldErrors?: { password?: string[]; confirmPassword?: string[] };
  /** Counts the answers, so the form remounts after each one. */
  attempt?: number;
}

const CHECK_FIELDS = 'Check the fields marked below.';

/** The set-password page's POST: the only request that acts on the link (opening it changes nothing). */
export const setAdministratorPasswordAction = publicAction(setPasswordSchema, {
  name: 'set-password',
  echo: (prev: SetPasswordFormState): SetPasswordFormState => ({ attempt: (prev.attempt ?? 0) + 1 }),
  invalid: (fieldErrors, echo) =>
    fieldErrors.token
      ? { ...echo, message: 'This link is not valid.' }
      : {
          ...echo,
          message: CHECK_FIELDS,
          fieldErrors: { password: fieldErrors.password, confirmPassword: fieldErrors.confirmPassword },
        },
  handler: async ({ token, password }, { db, meta, echo }) => {
    const result = await setAdministratorPassword(db, { token, password, request: meta });
    if (result.ok) return { done: { email: result.email, organizationName: result.organizationName } };
    return { ...echo, message: result.message };
  },
});
