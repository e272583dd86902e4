'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { headers } from 'next/headers';
import { getDb } from '@/lib/db';
import { signIn } from '@/lib/auth';
import { clientAddress } from '@/lib/audit/record-audit-event';
import { isSignInThrottled } from '@/lib/auth/sign-in-throttle';
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
    if (error instanceof AuthError) {
      if (await isSignInThrottled(await getDb(), parsed.data.email, clientAddress(await headers()))) {
        return { email, message: 'Too many failed sign-in attempts. Wait 15 minutes, then try again.' };
      }
      // One message for an unknown email and a wrong password: it must not tell which.
      return { email, message: 'The email or password is incorrect.' };
    }
    throw error; // the redirect after a successful sign-in
  }
  return {};
}
