import { z } from 'zod';
import { accountSelectionSchema, MAX_MATCHING } from '@/lib/accounts/account-selection-schema';

/**
 * The product's wording for a Move the destination cannot take (docs/product.md#move): the dialog's tooltip
 * shows it exactly, and the server's refusal begins with it. Kept here, free of server code, so the dialog
 * can import it; a test holds it equal to `Unable to move account(s).` + NOT_ENOUGH_NUMBERS of headroom.ts.
 */
export const MOVE_NOT_ENOUGH_NUMBERS =
  'Unable to move account(s). You do not have enough numbers available in the selected organization';

/** The most accounts one Move takes: all matching, as for the other actions on the selection. */
export const MOVE_MAX_ACCOUNTS = MAX_MATCHING;

/** Move (docs/product.md#move): the selection, the destination organization and its User Permissions group. */
export const moveAccountsSchema = z.object({
  ids: z
    .array(z.uuid())
    .min(1, 'Select at least one account.')
    .max(MOVE_MAX_ACCOUNTS, 'Select at most 50,000 accounts at a time.')
    .transform((ids) => [...new Set(ids)]),
  organizationId: z.uuid('Choose the organization to move them to.'),
  permissionGroupId: z.uuid('Choose the User Permissions.'),
});

export type MoveAccountsValues = z.output<typeof moveAccountsSchema>;

/** The Move dialog's form and action: the selection (ticked rows, or all matching) instead of ids. */
export const moveSelectionSchema = moveAccountsSchema.omit({ ids: true }).extend({ selection: accountSelectionSchema });
export type MoveSelectionInput = z.input<typeof moveSelectionSchema>;
export type MoveSelectionValues = z.output<typeof moveSelectionSchema>;

export interface MoveResult {
  /** Accounts whose organization changed. */
  moved: number;
  /** Accounts that were already in the destination: left as they are. */
  alreadyThere: number;
  /** Not in the administrator's scope, or deleted meanwhile. */
  notFound: number;
  /** Numbers that changed organization with their accounts. */
  numbersMoved: number;
  destinationName: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 accounts moved to Sales (2 numbers with them), 1 already there, 1 not found." */
export function describeMove(result: MoveResult): string {
  let text = `${plural(result.moved, 'account', 'accounts')} moved to ${result.destinationName}`;
  if (result.numbersMoved > 0) {
    text += ` (${plural(result.numbersMoved, 'number', 'numbers')} with ${result.moved === 1 ? 'it' : 'them'})`;
  }
  const parts = [text];
  if (result.alreadyThere > 0) parts.push(`${result.alreadyThere} already there`);
  if (result.notFound > 0) parts.push(`${result.notFound} not found`);
  return `${parts.join(', ')}.`;
}

/**
 * Units of headroom a move of the selection into `destinationId` needs: the selected accounts that hold
 * one (not Active, no number), less those already in the destination, which do not move.
 */
export function unitsNeeded(
  selection: { unitsHeld: number; unitsHeldByOrganization: Record<string, number> },
  destinationId: string,
): number {
  return selection.unitsHeld - (selection.unitsHeldByOrganization[destinationId] ?? 0);
}
