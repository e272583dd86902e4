import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { accounts, organizations, permissionGroups, type PhoneNumber } from '@/db/schema';
import { type AddAccountInput, addAccountSchema, type AddAccountValues } from '@/lib/accounts/add-account-schema';
import { type Contact, parseContact } from '@/lib/accounts/contact';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid } from '@/lib/errors';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';
import { lockAndRequireHeadroom } from '@/lib/numbers/headroom';
import { type NumberChoice, takeNumber } from '@/lib/numbers/available-numbers';
import { countExistenceChecks } from '@/lib/tenant-limits';
import { isUniqueViolation } from '@/db/errors';

export interface AddedAccount {
  accountId: string;
  number: string | null;
  invited: boolean;
}

/** The tenant's default country, for reading device numbers; null when the organization is out of scope. */
export async function organizationCountry(db: Db, admin: AdminScope, organizationId: string): Promise<string | null> {
  const root = alias(organizations, 'root');
  const [row] = await db
    .select({ country: root.defaultCountry })
    .from(organizations)
    .innerJoin(root, eq(root.id, organizations.tenantId))
    .where(and(eq(organizations.id, organizationId), inScope(admin, organizations.id)));
  return row?.country ?? null;
}

const duplicateMessage = (contact: Contact) =>
  contact.email ? 'An account with this email already exists.' : 'An account with this device # already exists.';

/**
 * Add Account, single (docs/product.md#add-account-single): validates the form with the dialog's schema
 * in the tenant's country (the organization looked up within scope), creates the account, assigns the
 * chosen number or the lowest free number of the chosen tag (row-locked, at commit time), and with
 * `intent: 'invite'` issues its invitation, all in one transaction. Without a number the organization
 * needs headroom ≥ 1, checked with the organization locked. Errors are field by field, in the
 * administrator's words. Whether the email or device # is in use anywhere on the platform is one
 * existence check, counted against the tenant's daily limit before the answer (lib/tenant-limits.ts).
 */
export async function addAccount(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  form: AddAccountInput,
  options: { baseUrl: string },
): Promise<AddedAccount> {
  const { input, contact } = await validate(db, admin, form);
  // Counted outside the transaction: the answer ("already exists", or going on) is given even when
  // the transaction rolls back, e.g. for want of headroom.
  await countExistenceChecks(db, admin.tenantId, 1);
  try {
    return await db.transaction(async (tx) => {
      const groupId = await requireGroup(tx, input);
      await requireNewContact(tx, contact);
      if (!input.number) await lockAndRequireHeadroom(tx, input.organizationId, 1, 'Unable to add account.');
      const [account] = await tx
        .insert(accounts)
        .values({
          organizationId: input.organizationId,
          permissionGroupId: groupId,
          firstName: input.firstName,
          lastName: input.lastName,
          email: contact.email,
          deviceNumber: contact.deviceNumber,
        })
        .returning({ id: accounts.id });
      const accountId = account!.id;
      const number = input.number ? await assignNumber(tx, input.organizationId, accountId, input.number) : null;
      const invited = input.intent === 'invite';
      if (invited) {
        await issueAccountInvitations(tx, [accountId], { baseUrl: options.baseUrl, createdByAdminId: admin.id });
      }
      await recordAuditEvent(tx, admin, meta, {
        action: invited ? 'account.create_and_invite' : 'account.create',
        targetType: 'account',
        targetIds: [accountId],
        organizationId: input.organizationId,
        details: { username: contact.email ?? contact.deviceNumber, number, permissionGroupId: groupId },
      });
      return { accountId, number, invited };
    });
  } catch (error) {
    // Another administrator added the same email or device # a moment ago.
    if (isUniqueViolation(error, 'accounts_email_key') || isUniqueViolation(error, 'accounts_device_number_key')) {
      throw invalid({ contact: [duplicateMessage(contact)] });
    }
    throw error;
  }
}

/** The form read with the dialog's schema in the tenant's country of the organization (in scope). */
async function validate(
  db: Db,
  admin: AdminScope,
  form: AddAccountInput,
): Promise<{ input: AddAccountValues; contact: Contact }> {
  const country = await organizationCountry(db, admin, form.organizationId);
  if (!country) throw invalid({ organizationId: ['Choose an organization.'] });
  const parsed = addAccountSchema(country).safeParse(form);
  if (!parsed.success) {
    throw invalid(z.flattenError(parsed.error).fieldErrors);
  }
  // The schema accepted it for this country, so it parses.
  return { input: parsed.data, contact: parseContact(parsed.data.contact, country)! };
}

/** The chosen User Permissions group, which must be the organization's own. */
async function requireGroup(
  tx: Db,
  input: Pick<AddAccountValues, 'permissionGroupId' | 'organizationId'>,
): Promise<string> {
  const [group] = await tx
    .select({ id: permissionGroups.id })
    .from(permissionGroups)
    .where(
      and(eq(permissionGroups.id, input.permissionGroupId), eq(permissionGroups.organizationId, input.organizationId)),
    );
  if (!group) {
    throw invalid({
      permissionGroupId: ['Choose User Permissions of this organization.'],
    });
  }
  return group.id;
}

/** The email or device # is not any account's yet, anywhere on the platform. */
async function requireNewContact(tx: Db, contact: Contact): Promise<void> {
  const [existing] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      contact.email !== null
        ? sql`lower(${accounts.email}) = ${contact.email}`
        : eq(accounts.deviceNumber, contact.deviceNumber),
    );
  if (existing) throw invalid({ contact: [duplicateMessage(contact)] });
}

/** The chosen number (`tag:<TAG>` for the lowest free one of a tag), or the product's refusal. */
async function assignNumber(
  tx: Db,
  organizationId: string,
  accountId: string,
  value: string,
): Promise<PhoneNumber['e164']> {
  const choice: NumberChoice = value.startsWith('tag:') ? { tag: value.slice(4) } : { e164: value };
  // An administrator picks here, so a reserved number or tag may be taken (docs/product.md#headroom).
  const number = await takeNumber(tx, organizationId, accountId, choice, { reserved: 'include' });
  if (!number) {
    throw invalid({
      number: [
        'tag' in choice
          ? `No ${choice.tag} number is available any more. Choose another number or tag.`
          : 'This number was taken meanwhile. Choose another.',
      ],
    });
  }
  return number;
}
