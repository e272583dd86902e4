import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/config';
import { getCurrentAdmin } from '@/lib/auth/current-admin';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  // Checked against the database, not the cookie alone: a removed administrator stays here.
  if (await getCurrentAdmin()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">MultiLine</p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold">Sign in to the Admin Portal</h1>
        <SignInForm callbackUrl={target} />
      </div>
    </main>
  );
}
