import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Account, accounts, phoneNumbers } from '@/db/schema';
import { ASSIGN_NUMBER_PREFIX, type AssignNumberValues } from '@/lib/accounts/assign-number-schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import {
  type AvailableNumber,
  availableNumbers,
  availableTags,
  type NumberChoice,
  type TagCount,
  takeNumber,
} from '@/lib/numbers/available-numbers';
import { getHeadroom, lockAndRequireHeadroom } from '@/lib/numbers/headroom';
import { listReservedTags } from '@/lib/numbers/reserved-tags';

export interface AssignedNumber {
  /** The account's number now; null for No number. */
  number: string | null;
  previous: string | null;
  /** False when the account already had what was chosen: nothing was written or recorded. */
  changed: boolean;
  name: string;
}

export const ACCOUNT_NOT_FOUND = 'The account was not found.';
export const ACTIVE_KEEPS_NUMBER = 'An Active account keeps its number. Assign Number is for accounts not yet Active.';
const CHANGED_MEANWHILE = 'The account was moved meanwhile. Try again.';

/** What the Assign Number dialog shows and offers for one account. */
export interface AssignNumberOptions {
  account: { name: string; status: Account['status']; number: string | null; tag: string | null };
  /** Reserved ones included, marked: an administrator may assign them. */
  tags: TagCount[];
  numbers: AvailableNumber[];
  /** The organization's headroom (docs/product.md#headroom). */
  headroom: number;
}

/** The account (in scope) with its number, and its organization's choices (matching `search`); null when not found. */
export async function getAssignNumberOptions(
  db: Db,
  admin: AdminScope,
  accountId: string,
  search?: string,
): Promise<AssignNumberOptions | null> {
  const [account] = await db
    .select({
      organizationId: accounts.organizationId,
      firstName: accounts.firstName,
      lastName: accounts.lastName,
      status: accounts.status,
      number: phoneNumbers.e164,
      tag: phoneNumbers.tag,
    })
    .from(accounts)
    .leftJoin(phoneNumbers, eq(phoneNumbers.accountId, accounts.id))
    .where(and(eq(accounts.id, accountId), inScope(admin, accounts.organizationId)));
  if (!account) return null;
  const [tags, numbers, headroom] = await Promise.all([
    availableTags(db, account.organizationId, { reserved: 'include' }),
    availableNumbers(db, account.organizationId, { search, limit: 100, reserved: 'include' }),
    getHeadroom(db, [account.organizationId]),
  ]);
  return {
    account: {
      name: `${account.firstName} ${account.lastName}`,
      status: account.status,
      number: account.number,
      tag: account.tag,
    },
    tags,
    numbers,
    headroom: headroom.get(account.organizationId)?.headroom ?? 0,
  };
}

type CurrentAccount = Pick<Account, 'id' | 'organizationId' | 'status' | 'firstName' | 'lastName'>;

/**
 * Assign Number on one account that is not Active (docs/product.md): a number of its organization, a
 * tag (its lowest free number at commit time; a reserved one too, since an administrator picks it), or
 * No number ('' : the number goes back to the pool and the user chooses at activation). Replacing a
 * number frees the old one. In one transaction, with the organization locked first (as every headroom
 * change), then the account; audited. An account out of scope is not found.
 *
 * No number needs a unit of headroom only when the account then holds one (Not invited, Pending,
 * Expired) and the number it gives back is reserved: a number that is not reserved returns to the
 * pool as the very unit the account then holds.
 */
export async function assignNumber(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: AssignNumberValues,
): Promise<AssignedNumber> {
  const [found] = await db
    .select({ organizationId: accounts.organizationId })
    .from(accounts)
    .where(and(eq(accounts.id, input.accountId), inScope(admin, accounts.organizationId)));
  if (!found) throw new UserFacingError(ACCOUNT_NOT_FOUND);
  return db.transaction(async (tx) => {
    await lockAndRequireHeadroom(tx, found.organizationId, 0, ASSIGN_NUMBER_PREFIX);
    const account = await lockAccount(tx, admin, input.accountId);
    if (!account) throw new UserFacingError(ACCOUNT_NOT_FOUND);
    if (account.organizationId !== found.organizationId) throw new UserFacingError(CHANGED_MEANWHILE);
    if (account.status === 'active') throw new UserFacingError(ACTIVE_KEEPS_NUMBER);
    const name = `${account.firstName} ${account.lastName}`;
    const [previous] = await tx
      .select({ e164: phoneNumbers.e164, tag: phoneNumbers.tag })
      .from(phoneNumbers)
      .where(eq(phoneNumbers.accountId, account.id));
    const choice = toChoice(input.number);
    if (alreadyHas(previous, choice))
      return { number: previous?.e164 ?? null, previous: previous?.e164 ?? null, changed: false, name };

    if (previous) {
      if (!choice && account.status !== 'suspended') {
        const reserved = previous.tag !== null && (await listReservedTags(tx, admin.tenantId)).includes(previous.tag);
        await lockAndRequireHeadroom(tx, account.organizationId, reserved ? 1 : 0, ASSIGN_NUMBER_PREFIX);
      }
      await tx
        .update(phoneNumbers)
        .set({ accountId: null, assignedAt: null })
        .where(eq(phoneNumbers.accountId, account.id));
    }
    const number = choice ? await take(tx, account, choice) : null;
    await recordAuditEvent(tx, admin, meta, {
      action: 'account.assign_number',
      targetType: 'account',
      targetIds: [account.id],
      organizationId: account.organizationId,
      details: { number, previousNumber: previous?.e164 ?? null, tag: choice && 'tag' in choice ? choice.tag : null },
    });
    return { number, previous: previous?.e164 ?? null, changed: true, name };
  });
}

/** The picker's value as a choice; null for No number. */
function toChoice(value: string): NumberChoice | null {
  if (value === '') return null;
  return value.startsWith('tag:') ? { tag: value.slice(4) } : { e164: value };
}

/** The account has what was chosen already: that number, a number of that tag, or none. */
function alreadyHas(previous: { e164: string; tag: string | null } | undefined, choice: NumberChoice | null): boolean {
  if (!choice) return !previous;
  if (!previous) return false;
  return 'tag' in choice ? previous.tag === choice.tag : previous.e164 === choice.e164;
}

/** Locks the account in scope (`for update`), reading what Assign Number needs. */
async function lockAccount(tx: Db, admin: AdminScope, accountId: string): Promise<CurrentAccount | undefined> {
  const [account] = await tx
    .select({
      id: accounts.id,
      organizationId: accounts.organizationId,
      status: accounts.status,
      firstName: accounts.firstName,
      lastName: accounts.lastName,
    })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), inScope(admin, accounts.organizationId)))
    .for('update');
  return account;
}

/** The chosen number of the account's organization, reserved or not, or the picker's field error. */
async function take(tx: Db, account: CurrentAccount, choice: NumberChoice): Promise<string> {
  const number = await takeNumber(tx, account.organizationId, account.id, choice, { reserved: 'include' });
  if (number) return number;
  throw invalid({
    number: [
      'tag' in choice
        ? `No ${choice.tag} number is available any more. Choose another number or tag.`
        : 'This number was taken meanwhile. Choose another.',
    ],
  });
}
