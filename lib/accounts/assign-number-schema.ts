import { z } from 'zod';
import { NUMBER_CHOICE } from '@/lib/accounts/add-account-schema';
import { formatPhone } from '@/lib/phone';

/**
 * Assign Number on one account (docs/product.md): `number` is the picker's value, a number
 * ("+12125550127"), a tag ("tag:PORTED", its lowest free number) or '' for **No number**. One schema
 * for the dialog (through zodResolver) and the server action.
 */
export const assignNumberSchema = z.object({
  accountId: z.uuid('Choose one account.'),
  number: z.union([z.literal(''), z.string().regex(NUMBER_CHOICE, 'Choose a number, a tag or No number.')]),
});

export type AssignNumberInput = z.input<typeof assignNumberSchema>;
export type AssignNumberValues = z.output<typeof assignNumberSchema>;

/** The refusal's first sentence, before the headroom message (lib/numbers/headroom.ts). */
export const ASSIGN_NUMBER_PREFIX = 'Unable to assign number.';

/** The result as the Accounts page announces it. */
export function describeAssignNumber(result: { name: string; number: string | null; changed: boolean }): string {
  if (!result.changed) {
    return result.number
      ? `${result.name} already has ${formatPhone(result.number) ?? result.number}.`
      : `${result.name} already has no number.`;
  }
  return result.number
    ? `${result.name} now has the number ${formatPhone(result.number) ?? result.number}.`
    : `${result.name} has no number now: the number went back to the pool, and they choose one at activation.`;
}
