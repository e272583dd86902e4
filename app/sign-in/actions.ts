'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn, SignInBusy, SignInThrottled } from '@/lib/auth';
import { safeCallbackPath } from '@/lib/auth/config';
import { signInSchema } from '@/lib/auth/sign-in-schema';

export interface SignInState {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
}

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    email: formData.get('email'),
    password: formData.get('password'),
    callbackUrl: formData.get('callbackUrl') ?? undefined,
  });
  const typedEmail = formData.get('email');
  const email = typeof typedEmail === 'string' ? typedEmail : '';
  if (!parsed.success) {
    return { email, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  try {
    await signIn('credentials', {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackPath(parsed.data.callbackUrl),
    });
  } catch (error) {
    if (error instanceof SignInThrottled) {
      return { email, message: 'Too many failed sign-in attempts. Wait 15 minutes, then try again.' };
    }
    if (error instanceof SignInBusy) {
      return { email, message: 'The portal is busy checking other sign-ins. Try again in a moment.' };
    }
    if (error instanceof AuthError) {
      // One message for an unknown email and a wrong password: it must not tell which.
      return { email, message: 'The email or password is incorrect.' };
    }
    throw error; // the redirect after a successful sign-in
  }
  return {};
}
