'use server';

import { z } from 'zod';
import { headers } from 'next/headers';
import { getDb } from '@/lib/db';
import { setPasswordSchema } from '@/lib/administrators/administrator-schemas';
import { setAdministratorPassword } from '@/lib/administrators/set-administrator-password';
import { requestMetaFrom } from '@/lib/audit/record-audit-event';

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
export async function setAdministratorPasswordAction(
  prev: SetPasswordFormState,
  formData: FormData,
): Promise<SetPasswordFormState> {
  const attempt = (prev.attempt ?? 0) + 1;
  const parsed = setPasswordSchema.safeParse({
    token: formData.get('token'),
    password: formData.get('password'),
    confirmPassword: formData.get('confirmPassword'),
  });
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    if (fieldErrors.token) return { attempt, message: 'This link is not valid.' };
    return {
      attempt,
      message: CHECK_FIELDS,
      fieldErrors: { password: fieldErrors.password, confirmPassword: fieldErrors.confirmPassword },
    };
  }
  try {
    const result = await setAdministratorPassword(await getDb(), {
      token: parsed.data.token,
      password: parsed.data.password,
      request: requestMetaFrom(await headers()),
    });
    if (result.ok) return { done: { email: result.email, organizationName: result.organizationName } };
    return { attempt, message: result.message };
  } catch (error) {
    console.error('[set-password] failed', error);
    return { attempt, message: 'Something went wrong on our side. Nothing was changed; try again in a moment.' };
  }
}
