import { z } from 'zod';
import { addAccountSchema } from '@/lib/accounts/add-account-schema';
import { parseContact } from '@/lib/accounts/contact';

export const EMAIL_INVALID = 'Enter a valid email address.';
export const DEVICE_INVALID = 'Enter a valid device # with its country code (for example +1 415 555 0100).';
export const CONTACT_REQUIRED = 'Enter an email or a device #.';

/**
 * The account page's Edit form (docs/product.md#after-the-invitation-planned): the name, the email and
 * the device #, with Add Account's rules (lib/accounts/add-account-schema.ts): the same name rules, an
 * email or a device # (at least one), a device # read in the tenant's country and stored in E.164. One
 * schema for the dialog (through zodResolver) and the server, made per country like Add Account's.
 * Its output: the email lower-cased and the device # in E.164, each null when left empty.
 */
export function updateAccountSchema(defaultCountry: string) {
  return updateAccountFields(defaultCountry)
    .superRefine((v, ctx) => {
      if (v.email === '' && v.deviceNumber === '') {
        ctx.addIssue({ code: 'custom', path: ['email'], message: CONTACT_REQUIRED });
      }
    })
    .transform((v) => ({
      accountId: v.accountId,
      firstName: v.firstName,
      lastName: v.lastName,
      email: v.email === '' ? null : v.email.toLowerCase(),
      // The refinement accepted it in this country, so it parses.
      deviceNumber: v.deviceNumber === '' ? null : parseContact(v.deviceNumber, defaultCountry)!.deviceNumber,
    }));
}

/** The form's fields, each validated on its own (the schema above adds the rule across them). */
export function updateAccountFields(defaultCountry: string) {
  const { firstName, lastName } = addAccountSchema(defaultCountry).shape;
  return z.object({
    accountId: z.uuid('The account was not found.'),
    firstName,
    lastName,
    email: z
      .string()
      .trim()
      .max(254, 'At most 254 characters.')
      .refine((v) => v === '' || (v.includes('@') && parseContact(v, defaultCountry) !== null), EMAIL_INVALID),
    deviceNumber: z
      .string()
      .trim()
      .max(40, 'At most 40 characters.')
      .refine((v) => v === '' || (!v.includes('@') && parseContact(v, defaultCountry) !== null), DEVICE_INVALID),
  });
}

export type UpdateAccountInput = z.input<ReturnType<typeof updateAccountSchema>>;
export type UpdateAccountValues = z.output<ReturnType<typeof updateAccountSchema>>;
