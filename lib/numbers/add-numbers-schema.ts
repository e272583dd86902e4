import { z } from 'zod';

/** At most this many numbers are added by one request (a pasted list or a range). */
export const MAX_NUMBERS_PER_REQUEST = 10_000;

/** A number tag (docs/product.md#domain): an upper-case word, as the database's check constraint requires. */
export const TAG_PATTERN = /^[A-Z][A-Z0-9_]{0,31}$/;
export const TAG_INVALID = 'A tag is one word of up to 32 letters, digits or _, starting with a letter.';

/** An optional tag as typed: trimmed and upper-cased; blank (or null) means no tag. */
export const optionalTagSchema = z
  .string()
  .nullish()
  .transform((v) => (v ?? '').trim().toUpperCase())
  .pipe(z.union([z.literal(''), z.string().regex(TAG_PATTERN, TAG_INVALID)]))
  .transform((v) => (v === '' ? null : v));

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * Add numbers (the Numbers page's dialog). One schema for the dialog (through zodResolver) and the
 * server action; the numbers themselves are read on the server in the tenant's country
 * (lib/numbers/number-input.ts), which reports every problem at once.
 */
export const addNumbersSchema = z
  .object({
    organizationId: z.uuid('Choose an organization.'),
    tag: optionalTagSchema,
    mode: z.enum(['list', 'range']),
    // ~30 characters a number at the cap: far below the 1 MB server-action body limit.
    list: z
      .string()
      .max(MAX_NUMBERS_PER_REQUEST * 30, 'The list is too long.')
      .optional(),
    first: z.string().trim().max(40, 'At most 40 characters.').optional(),
    count: z.preprocess(
      blankToUndefined,
      z.coerce
        .number('Enter how many numbers.')
        .int('Enter a whole number.')
        .min(1, 'At least 1.')
        .max(MAX_NUMBERS_PER_REQUEST, `At most ${MAX_NUMBERS_PER_REQUEST.toLocaleString('en-US')} at a time.`)
        .optional(),
    ),
    last: z.preprocess(blankToUndefined, z.string().trim().max(40, 'At most 40 characters.').optional()),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'list') {
      if (!v.list?.trim()) ctx.addIssue({ code: 'custom', path: ['list'], message: 'Paste at least one number.' });
      return;
    }
    if (!v.first) ctx.addIssue({ code: 'custom', path: ['first'], message: 'Enter the first number.' });
    if (v.count === undefined && !v.last) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'Enter how many numbers, or the last number.' });
    }
    if (v.count !== undefined && v.last) {
      ctx.addIssue({
        code: 'custom',
        path: ['last'],
        message: 'Give either how many numbers or the last one, not both.',
      });
    }
  });

export type AddNumbersInput = z.input<typeof addNumbersSchema>;
export type AddNumbersValues = z.output<typeof addNumbersSchema>;

/** A selection of numbers on the Numbers page. */
export const numberSelectionSchema = z
  .array(z.uuid())
  .min(1, 'Select at least one number.')
  .max(1000, 'Select at most 1,000 numbers at a time.')
  .transform((ids) => [...new Set(ids)]);

export const retagNumbersSchema = z.object({ ids: numberSelectionSchema, tag: optionalTagSchema });
export type RetagNumbersInput = z.input<typeof retagNumbersSchema>;

export const moveNumbersSchema = z.object({
  ids: numberSelectionSchema,
  organizationId: z.uuid('Choose an organization.'),
});
export type MoveNumbersInput = z.input<typeof moveNumbersSchema>;
