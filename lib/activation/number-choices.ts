import type { Db } from '@/db/client';
import { formatPhone } from '@/lib/phone';
import { availableNumbers, availableTags, type TagCount } from '@/lib/numbers/available-numbers';

/**
 * What a user without a number chooses from at activation: tags with counts, and the first numbers.
 * Reserved numbers are never among them (docs/product.md#headroom).
 */
export interface NumberChoices {
  tags: Pick<TagCount, 'tag' | 'available'>[];
  numbers: { e164: string; tag: string | null }[];
}

export const NUMBER_CHOICES_LIMIT = 50;

export async function getNumberChoices(db: Db, organizationId: string): Promise<NumberChoices> {
  const [tags, numbers] = await Promise.all([
    availableTags(db, organizationId, { reserved: 'exclude' }),
    availableNumbers(db, organizationId, { limit: NUMBER_CHOICES_LIMIT, reserved: 'exclude' }),
  ]);
  return {
    tags: tags.map(({ tag, available }) => ({ tag, available })),
    numbers: numbers.map(({ e164, tag }) => ({ e164, tag })),
  };
}

/** The choices as the activation page's select shows them: `tag:<TAG>` and `number:<E.164>` values. */
export interface NumberChoiceOptions {
  tags: { value: string; label: string }[];
  numbers: { value: string; label: string }[];
}

export function toNumberChoiceOptions(choices: NumberChoices): NumberChoiceOptions {
  return {
    tags: choices.tags.map((t) => ({ value: `tag:${t.tag}`, label: `${t.tag} (${t.available} available)` })),
    numbers: choices.numbers.map((n) => {
      const shown = formatPhone(n.e164) ?? n.e164;
      return { value: `number:${n.e164}`, label: n.tag ? `${shown} (${n.tag})` : shown };
    }),
  };
}
