/** The look of a form field in the dialogs; an `aria-invalid` field gets a red border. */
export const inputClasses =
  'mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5 aria-[invalid=true]:border-red-600';
