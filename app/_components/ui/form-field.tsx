import { Dialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { buttonClasses } from './button';

/** What a field's error may be: react-hook-form's `FieldError`, a message, or nothing. */
export type FieldErrorLike = { message?: string } | string | null | undefined;

/** The props a field's control needs; the caller spreads them onto its own input, select or textarea. */
export type FieldControlProps = {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
};

/**
 * The accessibility wiring of one control: invalid while it has an error, described by its error
 * (`errorId`, by default `${id}-error`) and then by any `describedBy` ids (a hint, a note), in that order.
 */
export function fieldControlProps(
  id: string,
  error: FieldErrorLike,
  describedBy?: string,
  errorId = `${id}-error`,
): FieldControlProps {
  const ids = [error ? errorId : undefined, describedBy].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

/** The error line under a control, referenced by the control's `aria-describedby` (`errorId`, default `${id}-error`). */
export function FieldError({
  id,
  error,
  errorId = `${id}-error`,
}: {
  id: string;
  error: FieldErrorLike;
  errorId?: string;
}) {
  if (!error) return null;
  return (
    <p id={errorId} className="mt-1 text-sm text-red-700">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}

/**
 * A labelled form field: the label, the control (rendered by `children` with the props from
 * `fieldControlProps`), an optional `hint` shown between the control and the error, and the error line;
 * `after` comes last (notes that are not part of the wiring). `className` styles the wrapping `div`.
 */
export function FormField({
  id,
  label,
  error,
  errorId,
  describedBy,
  hint,
  after,
  className,
  labelClassName = 'block text-sm font-medium',
  children,
}: {
  id: string;
  label: ReactNode;
  error?: FieldErrorLike;
  /** The id of the error line when it is not `${id}-error`. */
  errorId?: string;
  /** More ids describing the control, after its error (e.g. the id of `hint`). */
  describedBy?: string;
  hint?: ReactNode;
  after?: ReactNode;
  className?: string;
  labelClassName?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      {children(fieldControlProps(id, error, describedBy, errorId))}
      {hint}
      <FieldError id={id} error={error} errorId={errorId} />
      {after}
    </div>
  );
}

/** The form-level message: an alert region that keeps its height when empty. */
export function FormAlert({ children }: { children?: ReactNode }) {
  return (
    <div className="min-h-5 text-sm text-red-700" role="alert">
      {children}
    </div>
  );
}

/** The button row of a dialog's form: Cancel (closes the dialog), then the caller's buttons. */
export function DialogFormButtons({ children }: { children: ReactNode }) {
  return (
    <div className="flex justify-end gap-2">
      <Dialog.Close className={buttonClasses('secondary')}>Cancel</Dialog.Close>
      {children}
    </div>
  );
}
