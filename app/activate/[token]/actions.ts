'use server';

import { z } from 'zod';
import { headers } from 'next/headers';
import { getDb } from '@/lib/db';
import { activateAccount } from '@/lib/activation/activate-account';
import { activationFormSchema, parseNumberSelectValue } from '@/lib/activation/activation-schemas';
import { type NumberChoiceOptions, toNumberChoiceOptions } from '@/lib/activation/number-choices';
import { requestMetaFrom } from '@/lib/audit/record-audit-event';
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

/** The activation page's POST: the only request that acts on a link (opening it changes nothing). */
export async function activateAction(prev: ActivationFormState, formData: FormData): Promise<ActivationFormState> {
  const input = {
    token: formData.get('token'),
    personalPhone: formData.get('personalPhone'),
    number: formData.get('number') ?? undefined,
  };
  const echo = {
    attempt: (prev.attempt ?? 0) + 1,
    personalPhone: typeof input.personalPhone === 'string' ? input.personalPhone : undefined,
    number: typeof input.number === 'string' ? input.number : undefined,
  };
  const parsed = activationFormSchema.safeParse(input);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    if (fieldErrors.token) return { ...echo, message: 'This invitation link is not valid.' };
    return {
      ...echo,
      message: CHECK_FIELDS,
      fieldErrors: { personalPhone: fieldErrors.personalPhone, number: fieldErrors.number },
    };
  }

  try {
    const result = await activateAccount(await getDb(), {
      credentials: { token: parsed.data.token },
      personalPhone: parsed.data.personalPhone,
      numberChoice: parseNumberSelectValue(parsed.data.number),
      request: requestMetaFrom(await headers()),
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
  } catch (error) {
    console.error('[activate] failed', error);
    return { ...echo, message: 'Something went wrong on our side. Nothing was changed; try again in a moment.' };
  }
}
