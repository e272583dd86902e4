import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, queryRows } from '@/db/client';
import { accounts, permissionGroups } from '@/db/schema';
import { type AddAccountInput, addAccountSchema } from '@/lib/accounts/add-account-schema';
import { parseContact } from '@/lib/accounts/contact';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid } from '@/lib/errors';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';
import { lockAndRequireHeadroom } from '@/lib/numbers/headroom';
import { takeNumber } from '@/lib/numbers/available-numbers';
import { countExistenceChecks } from '@/lib/tenant-limits';
import { isUniqueViolation } from '@/db/errors';

export interface AddedAccount {
  accountId: string;
  number: string | null;
  invited: boolean;
}

/** The tenant's default country, for reading device numbers; null when the organization is out of scope. */
export async function organizationCountry(db: Db, admin: AdminScope, organizationId: string): Promise<string | null> {
  const [row] = await queryRows<{ country: string }>(
    db,
    sql`select root.default_country as country from organizations o join organizations root on root.id = o.tenant_id
        where o.id = ${organizationId} and ${inScope(admin, sql`o.id`)}`,
  );
  return row?.country ?? null;
}

const duplicateMessage = (contact: { email: string | null }) =>
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
  const country = await organizationCountry(db, admin, form.organizationId);
  if (!country) throw invalid({ organizationId: ['Choose an organization.'] });
  const parsed = addAccountSchema(country).safeParse(form);
  if (!parsed.success) {
    throw invalid(z.flattenError(parsed.error).fieldErrors);
  }
  const input = parsed.data;
  // The schema accepted it for this country, so it parses.
  const contact = parseContact(input.contact, country)!;
  // Counted outside the transaction: the answer ("already exists", or going on) is given even when
  // the transaction rolls back, e.g. for want of headroom.
  await countExistenceChecks(db, admin.tenantId, 1);

  try {
    return await db.transaction(async (tx) => {
      const [group] = await tx
        .select({ id: permissionGroups.id })
        .from(permissionGroups)
        .where(
          and(
            eq(permissionGroups.id, input.permissionGroupId),
            eq(permissionGroups.organizationId, input.organizationId),
          ),
        );
      if (!group) {
        throw invalid({
          permissionGroupId: ['Choose User Permissions of this organization.'],
        });
      }
      const [existing] = await queryRows<{ id: string }>(
        tx,
        contact.email
          ? sql`select id from accounts where lower(email) = ${contact.email}`
          : sql`select id from accounts where device_number = ${contact.deviceNumber}`,
      );
      if (existing) throw invalid({ contact: [duplicateMessage(contact)] });

      if (!input.number) await lockAndRequireHeadroom(tx, input.organizationId, 1, 'Unable to add account.');

      const [account] = await tx
        .insert(accounts)
        .values({
          organizationId: input.organizationId,
          permissionGroupId: group.id,
          firstName: input.firstName,
          lastName: input.lastName,
          email: contact.email,
          deviceNumber: contact.deviceNumber,
        })
        .returning({ id: accounts.id });

      let number: string | null = null;
      if (input.number) {
        const choice = input.number.startsWith('tag:') ? { tag: input.number.slice(4) } : { e164: input.number };
        number = await takeNumber(tx, input.organizationId, account!.id, choice);
        if (!number) {
          throw invalid({
            number: [
              'tag' in choice
                ? `No ${choice.tag} number is available any more. Choose another number or tag.`
                : 'This number was taken meanwhile. Choose another.',
            ],
          });
        }
      }

      const invited = input.intent === 'invite';
      if (invited) {
        await issueAccountInvitations(tx, [account!.id], { baseUrl: options.baseUrl, createdByAdminId: admin.id });
      }
      await recordAuditEvent(tx, admin, meta, {
        action: invited ? 'account.create_and_invite' : 'account.create',
        targetType: 'account',
        targetIds: [account!.id],
        organizationId: input.organizationId,
        details: { username: contact.email ?? contact.deviceNumber, number, permissionGroupId: group.id },
      });
      return { accountId: account!.id, number, invited };
    });
  } catch (error) {
    // Another administrator added the same email or device # a moment ago.
    if (isUniqueViolation(error, 'accounts_email_key') || isUniqueViolation(error, 'accounts_device_number_key')) {
      throw invalid({ contact: [duplicateMessage(contact)] });
    }
    throw error;
  }
}
