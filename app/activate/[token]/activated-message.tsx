import type { Ref } from 'react';

/** The confirmation after activating, and what an already activated link shows. */
export function ActivatedMessage({ number, ref }: { number: string | null; ref?: Ref<HTMLHeadingElement> }) {
  return (
    <>
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">MultiLine</p>
      <h1 ref={ref} tabIndex={-1} className="mt-1 text-2xl font-semibold outline-none">
        Your MultiLine line is active
      </h1>
      {number && (
        <p className="mt-4 text-slate-700">
          Your MultiLine number is <strong className="whitespace-nowrap">{number}</strong>.
        </p>
      )}
      <p className="mt-3 text-slate-700">
        Now open the MultiLine app and sign in with the password from your invitation.
      </p>
    </>
  );
}
