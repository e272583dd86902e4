'use client';

import Link from 'next/link';
import { type Ref, useActionState, useEffect, useRef } from 'react';
import { Button, buttonClasses } from '@/app/_components/ui/button';
import { PASSWORD_MIN_LENGTH } from '@/lib/administrators/administrator-schemas';
import { type SetPasswordFormState, setAdministratorPasswordAction } from './actions';

export function SetPasswordForm(props: {
  token: string;
  name: string;
  email: string;
  roleLabel: string;
  organizationName: string;
}) {
  const [state, action, pending] = useActionState<SetPasswordFormState, FormData>(setAdministratorPasswordAction, {});
  const confirmation = useRef<HTMLHeadingElement>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.done) confirmation.current?.focus();
    else form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  if (state.done) return <PasswordSet ref={confirmation} email={state.done.email} />;

  const passwordError = state.fieldErrors?.password?.[0];
  const confirmError = state.fieldErrors?.confirmPassword?.[0];
  return (
    <>
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">MultiLine Admin Portal</p>
      <h1 className="mt-1 text-2xl font-semibold">Set your password</h1>
      <p className="mt-3 text-slate-700">Hello {props.name}, choose the password you will sign in with.</p>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Email</dt>
        <dd className="font-medium break-all">{props.email}</dd>
        <dt className="text-slate-500">Organization</dt>
        <dd className="font-medium">{props.organizationName}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd className="font-medium">{props.roleLabel}</dd>
      </dl>

      <form key={state.attempt ?? 0} ref={form} action={action} className="mt-6 space-y-5" noValidate>
        <input type="hidden" name="token" value={props.token} />
        {/* Lets a password manager file the new password under the right username. */}
        <input type="hidden" name="username" autoComplete="username" value={props.email} />
        <NewPasswordFields passwordError={passwordError} confirmError={confirmError} />
        <div aria-live="polite" role="status" className="min-h-5 text-sm text-red-700">
          {state.message}
        </div>
        <Button type="submit" variant="primary" disabled={pending} className="w-full py-2">
          {pending ? 'Setting password…' : 'Set password'}
        </Button>
      </form>
    </>
  );
}

/** The confirmation after the password is set, focused so a screen reader announces it. */
function PasswordSet({ ref, email }: { ref: Ref<HTMLHeadingElement>; email: string }) {
  return (
    <>
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">MultiLine Admin Portal</p>
      <h1 ref={ref} tabIndex={-1} className="mt-1 text-2xl font-semibold outline-none">
        Your password is set
      </h1>
      <p className="mt-3 text-slate-700">
        Sign in as <strong className="break-all">{email}</strong> with your new password.
      </p>
      <Link href="/sign-in" className={buttonClasses('primary', 'mt-6 w-full py-2')}>
        Sign in
      </Link>
    </>
  );
}

function NewPasswordFields({
  passwordError,
  confirmError,
}: {
  passwordError: string | undefined;
  confirmError: string | undefined;
}) {
  return (
    <>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          New password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          aria-invalid={Boolean(passwordError)}
          aria-describedby={passwordError ? 'password-hint password-error' : 'password-hint'}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
        />
        <p id="password-hint" className="mt-1 text-sm text-slate-500">
          At least {PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password.
        </p>
        {passwordError && (
          <p id="password-error" className="mt-1 text-sm text-red-700">
            {passwordError}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="confirmPassword" className="block text-sm font-medium">
          Confirm password
        </label>
        <input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={Boolean(confirmError)}
          aria-describedby={confirmError ? 'confirmPassword-error' : undefined}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
        />
        {confirmError && (
          <p id="confirmPassword-error" className="mt-1 text-sm text-red-700">
            {confirmError}
          </p>
        )}
      </div>
    </>
  );
}
