import type { NumberChoices } from '@/lib/activation/number-choices';

/**
 * The activation API's JSON (docs/api.md), as the tests read it: an activated account, or an error with
 * its code and, by code, the fields at fault or the number choices.
 */
export interface ActivationApiBody {
  status?: 'active';
  organization?: string;
  username?: string;
  number?: string;
  reinstall?: boolean;
  error?: { code: string; message: string; fields?: Record<string, string[]>; choices?: NumberChoices };
}
