import { z } from 'zod';
import type { NumberChoice } from '@/lib/numbers/available-numbers';
import { NO_CONTROL_CHARACTERS, wellFormed } from '@/lib/storable-text';

const personalPhone = z
  .string({ error: 'Enter your personal phone number.' })
  .trim()
  .min(1, 'Enter your personal phone number.')
  .max(40, 'That is too long for a phone number.');

const e164Choice = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]{7,25}$/, 'Give the number in E.164, for example +12125550100.')
  .transform((v) => `+${v.replace(/\D/g, '')}`);

const tagChoice = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'Give a tag such as PORTED.')
  .transform((v) => v.toUpperCase());

/** The body of POST /api/v1/activations. Unknown fields are ignored, so newer apps keep working. */
export const activationRequestSchema = z
  .object({
    // Text the database can take: a NUL or a lone surrogate is a malformed request, not a 500.
    username: z
      .string({ error: 'Enter the username from your invitation.' })
      .transform(wellFormed)
      .pipe(
        z
          .string()
          .trim()
          .min(1, 'Enter the username from your invitation.')
          .max(254)
          .regex(NO_CONTROL_CHARACTERS, 'Enter the username from your invitation.'),
      ),
    password: z
      .string({ error: 'Enter the activation password from your invitation.' })
      .min(1, 'Enter the activation password from your invitation.')
      .max(200),
    personalPhone,
    number: e164Choice.nullish(),
    tag: tagChoice.nullish(),
  })
  .refine((v) => !(v.number && v.tag), { message: 'Choose a number or a tag, not both.', path: ['number'] });
export type ActivationRequest = z.infer<typeof activationRequestSchema>;

export function numberChoiceOf(input: { number?: string | null; tag?: string | null }): NumberChoice | null {
  if (input.number) return { e164: input.number };
  if (input.tag) return { tag: input.tag };
  return null;
}

/**
 * The activation page's form. The number select's values are `number:<E.164>` or `tag:<TAG>`, so one
 * field carries either choice.
 */
export const activationFormSchema = z.object({
  token: z.string().min(1).max(200),
  personalPhone,
  number: z
    .string()
    .max(64)
    .regex(/^(|number:\+\d{7,15}|tag:[A-Z][A-Z0-9_]{0,31})$/, 'Choose a number from the list.')
    .optional(),
});
export type ActivationFormInput = z.infer<typeof activationFormSchema>;

export function parseNumberSelectValue(value: string | undefined): NumberChoice | null {
  if (value?.startsWith('number:')) return { e164: value.slice('number:'.length) };
  if (value?.startsWith('tag:')) return { tag: value.slice('tag:'.length) };
  return null;
}
