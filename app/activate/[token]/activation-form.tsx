'use client';

import { useActionState, useEffect, useRef } from 'react';
import { Button } from '@/app/_components/ui/button';
import type { NumberChoiceOptions } from '@/lib/activation/number-choices';
import { activateAction, type ActivationFormState } from './actions';
import { ActivatedMessage } from './activated-message';

interface ActivationFormProps {
  token: string;
  firstName: string;
  organizationName: string;
  username: string;
  /** Formatted for display; null when the user picks one. */
  assignedNumber: string | null;
  /** Null when a number is assigned already. */
  choices: NumberChoiceOptions | null;
}

export function ActivationForm(props: ActivationFormProps) {
  const [state, action, pending] = useActionState<ActivationFormState, FormData>(activateAction, {});
  const confirmation = useRef<HTMLHeadingElement>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.activated) confirmation.current?.focus();
    else form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  if (state.activated) {
    return <ActivatedMessage ref={confirmation} number={state.activated.number} />;
  }

  const choices = state.choices ?? props.choices;
  const phoneError = state.fieldErrors?.personalPhone?.[0];
  const numberError = state.fieldErrors?.number?.[0];
  return (
    <>
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">MultiLine</p>
      <h1 className="mt-1 text-2xl font-semibold">Activate your MultiLine line at {props.organizationName}</h1>
      <p className="mt-3 text-slate-700">
        Hello {props.firstName}, this is the last step before you can use MultiLine.
      </p>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Username</dt>
        <dd className="font-medium break-all">{props.username}</dd>
        {props.assignedNumber && (
          <>
            <dt className="text-slate-500">Your number</dt>
            <dd className="font-medium">{props.assignedNumber}</dd>
          </>
        )}
      </dl>

      {/* Remounted after each answer: React resets a submitted form, and the fields take back what was typed. */}
      <form key={state.attempt ?? 0} ref={form} action={action} className="mt-6 space-y-5" noValidate>
        <input type="hidden" name="token" value={props.token} />
        {choices && <NumberChoice choices={choices} defaultValue={state.number ?? ''} error={numberError} />}

        <PersonalPhoneField defaultValue={state.personalPhone} error={phoneError} />

        <div aria-live="polite" role="status" className="min-h-5 text-sm text-red-700">
          {state.message}
        </div>
        <Button type="submit" variant="primary" disabled={pending} className="w-full py-2">
          {pending ? 'Activating…' : 'Activate'}
        </Button>
      </form>
    </>
  );
}

/** The number to take, when none is assigned yet: any number with a tag, or one of the free numbers. */
function NumberChoice({
  choices,
  defaultValue,
  error,
}: {
  choices: NumberChoiceOptions;
  defaultValue: string;
  error: string | undefined;
}) {
  return (
    <section aria-labelledby="choose-number-heading" className="space-y-2">
      <h2 id="choose-number-heading" className="text-lg font-semibold">
        Choose your number
      </h2>
      {choices.numbers.length === 0 && choices.tags.length === 0 ? (
        <p className="text-sm text-slate-700">
          No numbers are available in your organization right now. Ask your administrator to add numbers, then open this
          link again.
        </p>
      ) : (
        <div>
          <label htmlFor="number" className="block text-sm font-medium">
            Number
          </label>
          <select
            id="number"
            name="number"
            required
            defaultValue={defaultValue}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? 'number-error' : undefined}
            className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            <option value="">Select a number…</option>
            {choices.tags.length > 0 && (
              <optgroup label="Any number with a tag">
                {choices.tags.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </optgroup>
            )}
            {choices.numbers.length > 0 && (
              <optgroup label="Available numbers">
                {choices.numbers.map((n) => (
                  <option key={n.value} value={n.value}>
                    {n.label}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          {error && (
            <p id="number-error" className="mt-1 text-sm text-red-700">
              {error}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function PersonalPhoneField({ defaultValue, error }: { defaultValue: string | undefined; error: string | undefined }) {
  return (
    <div>
      <label htmlFor="personalPhone" className="block text-sm font-medium">
        Your personal phone number
      </label>
      <input
        id="personalPhone"
        name="personalPhone"
        type="tel"
        autoComplete="tel"
        inputMode="tel"
        required
        defaultValue={defaultValue}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? 'personalPhone-hint personalPhone-error' : 'personalPhone-hint'}
        className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
      />
      <p id="personalPhone-hint" className="mt-1 text-sm text-slate-500">
        The mobile phone you will use MultiLine on. Include the country code, for example +1 415 555 0100.
      </p>
      {error && (
        <p id="personalPhone-error" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
