'use server';

import { activateAccount } from '@/lib/activation/activate-account';
import { activationFormSchema, parseNumberSelectValue } from '@/lib/activation/activation-schemas';
import { type NumberChoiceOptions, toNumberChoiceOptions } from '@/lib/activation/number-choices';
import { publicAction } from '@/lib/auth/public-action';
import { formatPhone } from '@/lib/phone';

export interface ActivationFormState {
  /** Set once the account is active: the form gives way to the confirmation. */
  activated?: { number: string; organizationName: string; reinstall: boolean };
  message?: string;
  fieldErrors?: { personalPhone?: string[]; number?: string[] };
  /** Fresh choices when the chosen number was taken meanwhile. */
  choices?: NumberChoiceOptions;
  /** What the user typed, shown again after a refusal. */
  personalPhone?: string;
  number?: string;
  /** Counts the answers, so the form remounts with what the user typed (React resets a submitted form). */
  attempt?: number;
}

const CHECK_FIELDS = 'Check the field marked below.';

const typed = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : undefined;
};

/** The activation page's POST: the only request that acts on a link (opening it changes nothing). */
export const activateAction = publicAction(activationFormSchema, {
  name: 'activate',
  echo: (prev: ActivationFormState, formData): ActivationFormState => ({
    attempt: (prev.attempt ?? 0) + 1,
    personalPhone: typed(formData, 'personalPhone'),
    number: typed(formData, 'number'),
  }),
  invalid: (fieldErrors, echo) =>
    fieldErrors.token
      ? { ...echo, message: 'This invitation link is not valid.' }
      : {
          ...echo,
          message: CHECK_FIELDS,
          fieldErrors: { personalPhone: fieldErrors.personalPhone, number: fieldErrors.number },
        },
  handler: async (input, { db, meta, echo }) => {
    const result = await activateAccount(db, {
      credentials: { token: input.token },
      personalPhone: input.personalPhone,
      numberChoice: parseNumberSelectValue(input.number),
      request: meta,
    });
    if (result.ok) {
      return {
        activated: {
          number: formatPhone(result.number) ?? result.number,
          organizationName: result.organizationName,
          reinstall: result.reinstall,
        },
      };
    }
    switch (result.code) {
      case 'invalid_phone':
        return { ...echo, message: CHECK_FIELDS, fieldErrors: { personalPhone: [result.message] } };
      case 'number_required':
      case 'number_taken': {
        const none = result.choices.numbers.length === 0 && result.choices.tags.length === 0;
        return {
          ...echo,
          number: '',
          // With nothing to choose, there is no field to mark: the message says it all.
          message: none ? result.message : CHECK_FIELDS,
          fieldErrors: { number: [result.message] },
          choices: toNumberChoiceOptions(result.choices),
        };
      }
      default:
        return { ...echo, message: result.message };
    }
  },
});
