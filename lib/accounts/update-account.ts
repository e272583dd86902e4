import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { type Account, accounts, invitations, organizations } from '@/db/schema';
import { isUniqueViolation } from '@/db/errors';
import {
  type UpdateAccountInput,
  updateAccountSchema,
  type UpdateAccountValues,
} from '@/lib/accounts/update-account-schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import { supersedeCurrentInvitations } from '@/lib/invitations/issue-account-invitations';
import { countExistenceChecks } from '@/lib/tenant-limits';

export const ACCOUNT_NOT_FOUND = 'The account was not found. It may have been deleted.';
export const ACTIVE_NOT_EDITABLE =
  'This account is Active: its name, email and device # can no longer be changed. To change them, delete the account and invite the user again.';
export const EMAIL_TAKEN = 'An account with this email already exists.';
export const DEVICE_TAKEN = 'An account with this device # already exists.';

type EditableField = 'firstName' | 'lastName' | 'email' | 'deviceNumber';
const EDITABLE_FIELDS: EditableField[] = ['firstName', 'lastName', 'email', 'deviceNumber'];

export type AccountChanges = Partial<Record<EditableField, { old: string | null; new: string | null }>>;

export interface UpdatedAccount {
  /** The fields that changed, with their old and new values; empty when nothing changed. */
  changes: AccountChanges;
  /** A changed email or device # voided the current invitation. */
  invitationVoided: boolean;
}

type Current = Pick<Account, EditableField | 'id' | 'status' | 'organizationId'>;

/**
 * Edit on the account page (docs/product.md#after-the-invitation-planned): corrects the name, email or
 * device # of an account in scope that is not Active, validated with the form's schema in the tenant's
 * country. A changed email or device # voids the current invitation (superseded, its unsent message
 * cancelled): a Pending or Expired account becomes Not invited until the next invitation. Each new
 * email or device # is an existence check, counted against the tenant's daily limit before the answer;
 * one already in use is refused on its field. One audit event with the old and new values.
 */
export async function updateAccount(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  form: UpdateAccountInput,
): Promise<UpdatedAccount> {
  const { values, before } = await validate(db, admin, form);
  if (before.status === 'active') throw new UserFacingError(ACTIVE_NOT_EDITABLE);
  // Counted outside the transaction: the answer is given even when the transaction rolls back.
  const { email, deviceNumber } = diff(before, values);
  await countExistenceChecks(db, admin.tenantId, [email?.new, deviceNumber?.new].filter(Boolean).length);
  try {
    return await db.transaction(async (tx) => {
      const current = await lockAccount(tx, admin, values.accountId);
      if (current.status === 'active') throw new UserFacingError(ACTIVE_NOT_EDITABLE);
      const changes = diff(current, values);
      if (Object.keys(changes).length === 0) return { changes, invitationVoided: false };
      await requireUnique(tx, current.id, changes);
      const contactChanged = Boolean(changes.email || changes.deviceNumber);
      const invitationVoided = contactChanged && (await hasCurrentInvitation(tx, current.id));
      await tx
        .update(accounts)
        .set({
          firstName: values.firstName,
          lastName: values.lastName,
          email: values.email,
          deviceNumber: values.deviceNumber,
          updatedAt: sql`now()`,
          ...(contactChanged ? voidedInvitation() : {}),
        })
        .where(eq(accounts.id, current.id));
      if (invitationVoided) await supersedeCurrentInvitations(tx, [current.id]);
      await recordAuditEvent(tx, admin, meta, {
        action: 'account.update',
        targetType: 'account',
        targetIds: [current.id],
        organizationId: current.organizationId,
        details: { changes, invitationVoided },
      });
      return { changes, invitationVoided };
    });
  } catch (error) {
    // Another administrator took the same email or device # a moment ago.
    if (isUniqueViolation(error, 'accounts_email_key')) throw invalid({ email: [EMAIL_TAKEN] });
    if (isUniqueViolation(error, 'accounts_device_number_key')) throw invalid({ deviceNumber: [DEVICE_TAKEN] });
    throw error;
  }
}

/**
 * The account's columns once its invitation is voided: Pending (or Expired) becomes Not invited, with
 * no invitation times; Not invited and Suspended keep their status (a suspended account stays so until
 * it is reinstated).
 */
function voidedInvitation() {
  return {
    status: sql<
      Account['status']
    >`case when ${accounts.status} = 'invited' then 'not_invited'::account_status else ${accounts.status} end`,
    invitedAt: null,
    invitationExpiresAt: null,
  };
}

/** The form read in the tenant's country of the account (in scope), and the account as it was read. */
async function validate(
  db: Db,
  admin: AdminScope,
  form: UpdateAccountInput,
): Promise<{ values: UpdateAccountValues; before: Current }> {
  const id = z.uuid().safeParse(form.accountId);
  if (!id.success) throw new UserFacingError(ACCOUNT_NOT_FOUND);
  const root = alias(organizations, 'root');
  const [row] = await db
    .select({ country: root.defaultCountry, ...currentColumns })
    .from(accounts)
    .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
    .innerJoin(root, eq(root.id, organizations.tenantId))
    .where(and(eq(accounts.id, id.data), inScope(admin, accounts.organizationId)));
  if (!row) throw new UserFacingError(ACCOUNT_NOT_FOUND);
  const parsed = updateAccountSchema(row.country).safeParse(form);
  if (!parsed.success) throw invalid(z.flattenError(parsed.error).fieldErrors);
  return { values: parsed.data, before: row };
}

const currentColumns = {
  id: accounts.id,
  status: accounts.status,
  organizationId: accounts.organizationId,
  firstName: accounts.firstName,
  lastName: accounts.lastName,
  email: accounts.email,
  deviceNumber: accounts.deviceNumber,
};

/** The account locked for the change, read again within scope (it may have moved or gone meanwhile). */
async function lockAccount(tx: Db, admin: AdminScope, accountId: string): Promise<Current> {
  const [row] = await tx
    .select(currentColumns)
    .from(accounts)
    .where(and(eq(accounts.id, accountId), inScope(admin, accounts.organizationId)))
    .for('update');
  if (!row) throw new UserFacingError(ACCOUNT_NOT_FOUND);
  return row;
}

function diff(current: Current, values: UpdateAccountValues): AccountChanges {
  const changes: AccountChanges = {};
  for (const field of EDITABLE_FIELDS) {
    // Emails compare without case: they are unique without case, and stored lower-cased.
    const old = field === 'email' ? (current.email?.toLowerCase() ?? null) : current[field];
    if (old !== values[field]) changes[field] = { old: current[field], new: values[field] };
  }
  return changes;
}

async function hasCurrentInvitation(tx: Db, accountId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
  return Boolean(row);
}

/** A new email or device # is no other account's, anywhere on the platform; each refusal on its field. */
async function requireUnique(tx: Db, accountId: string, changes: AccountChanges): Promise<void> {
  const errors: Record<string, string[]> = {};
  const email = changes.email?.new;
  const device = changes.deviceNumber?.new;
  if (email && (await otherAccount(tx, accountId, sql`lower(${accounts.email}) = ${email}`))) {
    errors.email = [EMAIL_TAKEN];
  }
  if (device && (await otherAccount(tx, accountId, eq(accounts.deviceNumber, device)))) {
    errors.deviceNumber = [DEVICE_TAKEN];
  }
  if (Object.keys(errors).length > 0) throw invalid(errors);
}

async function otherAccount(tx: Db, accountId: string, condition: ReturnType<typeof eq>): Promise<boolean> {
  const [row] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(condition, ne(accounts.id, accountId)))
    .limit(1);
  return Boolean(row);
}
