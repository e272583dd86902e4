'use server';

import { AuthError } from 'next-auth';
import { signIn, SignInBusy, SignInThrottled } from '@/lib/auth';
import { safeCallbackPath } from '@/lib/auth/config';
import { publicAction } from '@/lib/auth/public-action';
import { signInSchema } from '@/lib/auth/sign-in-schema';

export interface SignInState {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
}

export const signInAction = publicAction(signInSchema, {
  name: 'sign-in',
  echo: (_prev: SignInState, formData): SignInState => {
    const typedEmail = formData.get('email');
    return { email: typeof typedEmail === 'string' ? typedEmail : '' };
  },
  invalid: (fieldErrors, echo) => ({ ...echo, fieldErrors }),
  handler: async ({ email, password, callbackUrl }, { echo }) => {
    try {
      // On success, next-auth's redirect (an error Next.js handles) leaves through publicAction.
      await signIn('credentials', { email, password, redirectTo: safeCallbackPath(callbackUrl) });
    } catch (error) {
      if (error instanceof SignInThrottled) {
        return { ...echo, message: 'Too many failed sign-in attempts. Wait 15 minutes, then try again.' };
      }
      if (error instanceof SignInBusy) {
        return { ...echo, message: 'The portal is busy checking other sign-ins. Try again in a moment.' };
      }
      if (error instanceof AuthError) {
        // One message for an unknown email and a wrong password: it must not tell which.
        return { ...echo, message: 'The email or password is incorrect.' };
      }
      throw error;
    }
    return {};
  },
});
