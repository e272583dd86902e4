'use client';

import type { UseFormRegisterReturn } from 'react-hook-form';
import { FieldError, type FieldErrorLike, fieldControlProps } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import type { AddAccountOptions } from '@/lib/accounts/add-account-options';
import { formatPhone } from '@/lib/phone';

/** What the picker offers: an organization's tags and available numbers (reserved ones marked), and its headroom. */
export type NumberPickerOptions = Pick<AddAccountOptions, 'tags' | 'numbers' | 'headroom'>;

/**
 * Add Account's "Assign Number" (and the Assign Number dialog's): a link-like button until opened, then
 * the search of the available numbers and the select of a number or a tag (or none: the user chooses
 * at activation), with the organization's headroom when no number is chosen. Reserved numbers and tags
 * are offered, marked "reserved": an administrator may assign them.
 */
export function NumberPicker({
  id,
  open,
  onOpen,
  search,
  onSearch,
  options,
  value,
  error,
  field,
}: {
  id: string;
  open: boolean;
  onOpen: () => void;
  search: string;
  onSearch: (search: string) => void;
  /** Null while the organization's options are on their way. */
  options: NumberPickerOptions | null;
  /** The chosen value: '', an E.164 number or `tag:<TAG>`. */
  value: string | undefined;
  error: FieldErrorLike;
  /** The select's registration with the form (`register('number')`). */
  field: UseFormRegisterReturn<'number'>;
}) {
  if (!open) {
    return (
      <button type="button" className="text-sm text-brand-600 underline" aria-expanded={false} onClick={onOpen}>
        Assign Number
      </button>
    );
  }
  return (
    <fieldset className="rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium">Assign Number</legend>
      <label htmlFor={`${id}-search`} className="block text-xs text-slate-600">
        Search available numbers
      </label>
      <input
        id={`${id}-search`}
        type="search"
        value={search}
        onChange={(e) => onSearch(e.target.value)}
        placeholder="Digits, e.g. 0127"
        className={inputClasses}
      />
      <label htmlFor={`${id}-number`} className="mt-2 block text-sm font-medium">
        Number or tag
      </label>
      <select className={inputClasses} {...fieldControlProps(`${id}-number`, error)} {...field}>
        <option value="">No number (the user chooses at activation)</option>
        {options && <NumberOptions options={options} value={value} />}
      </select>
      <FieldError id={`${id}-number`} error={error} />
      {options && !value && (
        <p className="mt-1 text-xs text-slate-600">
          Without a number, this organization can take {Math.max(options.headroom, 0)} more{' '}
          {options.headroom === 1 ? 'account' : 'accounts'}.
        </p>
      )}
    </fieldset>
  );
}

/** The tags with their counts, then the available numbers; a chosen number the search no longer lists stays. */
function NumberOptions({ options, value }: { options: NumberPickerOptions; value: string | undefined }) {
  return (
    <>
      {options.tags.length > 0 && (
        <optgroup label="Tags">
          {options.tags.map((t) => (
            <option key={t.tag} value={`tag:${t.tag}`}>
              {t.tag} ({t.available} available{t.reserved ? ', reserved' : ''})
            </option>
          ))}
        </optgroup>
      )}
      <optgroup label={options.numbers.length > 0 ? 'Available numbers' : 'No available numbers match'}>
        {options.numbers.map((n) => (
          <option key={n.e164} value={n.e164}>
            {formatPhone(n.e164)}
            {n.tag ? ` (${n.tag}${n.reserved ? ', reserved' : ''})` : ''}
          </option>
        ))}
        {value && value.startsWith('+') && !options.numbers.some((n) => n.e164 === value) && (
          <option value={value}>{formatPhone(value)}</option>
        )}
      </optgroup>
    </>
  );
}
