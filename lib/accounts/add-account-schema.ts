import { z } from 'zod';
import { CONTACT_INVALID, parseContact } from '@/lib/accounts/contact';

/** The Assign Number picker's value: a tag ("tag:PORTED") or one number ("+12125550127"). */
export const NUMBER_CHOICE = /^(tag:[A-Z][A-Z0-9_]{0,31}|\+[1-9]\d{6,14})$/;

/**
 * The Add Account (single) form. One schema for the dialog (through zodResolver) and the server
 * action; the device # is read with the tenant's default country, so the schema is made per country.
 */
export function addAccountSchema(defaultCountry: string) {
  return z.object({
    organizationId: z.uuid('Choose an organization.'),
    firstName: z.string().trim().min(1, 'Enter the first name.').max(100, 'At most 100 characters.'),
    lastName: z.string().trim().min(1, 'Enter the last name.').max(100, 'At most 100 characters.'),
    contact: z
      .string()
      .trim()
      .min(1, 'Enter an email or a device #.')
      .max(254, 'At most 254 characters.')
      .refine((v) => parseContact(v, defaultCountry) !== null, CONTACT_INVALID),
    number: z
      .string()
      .regex(NUMBER_CHOICE, 'Choose a number or a tag.')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    permissionGroupId: z.uuid('Choose the User Permissions.'),
    intent: z.enum(['save', 'invite']),
  });
}

export type AddAccountInput = z.input<ReturnType<typeof addAccountSchema>>;
export type AddAccountValues = z.output<ReturnType<typeof addAccountSchema>>;
