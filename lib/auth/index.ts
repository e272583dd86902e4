import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { cookies } from 'next/headers';
import { getDb } from '@/lib/db';
import { requestMetaFrom } from '@/lib/audit/record-audit-event';
import { authenticateAdministrator } from '@/lib/auth/authenticate';
import { authConfig } from '@/lib/auth/config';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, issueDeviceCookie, trustedDeviceId } from '@/lib/auth/device-cookie';
import { signInSchema } from '@/lib/auth/sign-in-schema';
import { getAuthSecret } from '@/lib/secrets';
import { getEnv } from '@/lib/env';

/** Refused before the password was checked: too many attempts, or too many checks waiting. */
export class SignInThrottled extends CredentialsSignin {
  override code = 'throttled';
}
export class SignInBusy extends CredentialsSignin {
  override code = 'busy';
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: getAuthSecret(),
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const cookieJar = await cookies();
        const result = await authenticateAdministrator(await getDb(), {
          email: parsed.data.email,
          password: parsed.data.password,
          trustedDeviceId: trustedDeviceId(cookieJar.get(DEVICE_COOKIE)?.value, parsed.data.email),
          meta: requestMetaFrom(request.headers),
        });
        if (!result.ok) {
          if (result.reason === 'throttled') throw new SignInThrottled();
          if (result.reason === 'busy') throw new SignInBusy();
          return null;
        }
        // This browser is now known for this email: strangers' failures no longer slow it down.
        cookieJar.set(DEVICE_COOKIE, issueDeviceCookie(result.admin.email), {
          httpOnly: true,
          sameSite: 'lax',
          secure: getEnv().appUrl.startsWith('https:'),
          path: '/',
          maxAge: DEVICE_COOKIE_MAX_AGE,
        });
        return result.admin;
      },
    }),
  ],
}));
