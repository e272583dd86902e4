import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { type Account, accounts, organizations, permissionGroups, phoneNumbers } from '@/db/schema';
import { type DisplayStatus, displayStatus, maskPhone } from '@/lib/accounts/account-status';
import {
  type AccountActivation,
  type AccountAuditEvent,
  type AccountInvitation,
  accountActivations,
  accountAuditTrail,
  accountInvitations,
} from '@/lib/accounts/account-history';
import { type AdminScope, inScope } from '@/lib/auth/scope';

export type { AccountActivation, AccountAuditEvent, AccountInvitation } from '@/lib/accounts/account-history';

/** How many invitations, activations and audit events the page lists, newest first. */
export const HISTORY_LIMIT = 50;

export interface AccountDetails extends Pick<
  Account,
  | 'id'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'deviceNumber'
  | 'invitedAt'
  | 'invitationExpiresAt'
  | 'activatedAt'
  | 'createdAt'
  | 'updatedAt'
> {
  /** As the Accounts table shows it (Expired worked out now). */
  status: DisplayStatus;
  organization: { id: string; name: string; code: string };
  permissionGroup: string;
  number: string | null;
  numberTag: string | null;
  personalPhoneMasked: string | null;
  /** The tenant's country, in which the Edit form reads a device #. */
  defaultCountry: string;
  invitations: AccountInvitation[];
  activations: AccountActivation[];
  auditTrail: AccountAuditEvent[];
}

/**
 * The account page (docs/product.md#after-the-invitation-planned): the account with its organization,
 * group and number, its last invitations with their delivery events, its activations and its audit
 * trail. Null when the id is not an account of the administrator's scope (or not an id at all): the
 * page then answers "not found", whether or not the account exists elsewhere.
 */
export async function getAccountDetails(db: Db, admin: AdminScope, id: string): Promise<AccountDetails | null> {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return null;
  const account = await readAccount(db, admin, parsed.data);
  if (!account) return null;
  const [invitations, activations, auditTrail] = await Promise.all([
    accountInvitations(db, account.id, HISTORY_LIMIT),
    accountActivations(db, admin, account.id, HISTORY_LIMIT),
    accountAuditTrail(db, admin, account.id, HISTORY_LIMIT),
  ]);
  const { status, personalPhone, organizationName, organizationCode, ...rest } = account;
  return {
    ...rest,
    status: displayStatus(status, account.invitationExpiresAt),
    organization: { id: account.organizationId, name: organizationName, code: organizationCode },
    personalPhoneMasked: maskPhone(personalPhone),
    invitations,
    // An account activated before activations were audited still shows its first activation.
    activations:
      activations.length === 0 && account.activatedAt
        ? [{ at: account.activatedAt, channel: null, reinstall: false, number: null }]
        : activations,
    auditTrail,
  };
}

async function readAccount(db: Db, admin: AdminScope, id: string) {
  const root = alias(organizations, 'root');
  const [row] = await db
    .select({
      id: accounts.id,
      firstName: accounts.firstName,
      lastName: accounts.lastName,
      email: accounts.email,
      deviceNumber: accounts.deviceNumber,
      status: accounts.status,
      personalPhone: accounts.personalPhone,
      invitedAt: accounts.invitedAt,
      invitationExpiresAt: accounts.invitationExpiresAt,
      activatedAt: accounts.activatedAt,
      createdAt: accounts.createdAt,
      updatedAt: accounts.updatedAt,
      organizationId: accounts.organizationId,
      organizationName: organizations.name,
      organizationCode: organizations.code,
      permissionGroup: permissionGroups.name,
      number: phoneNumbers.e164,
      numberTag: phoneNumbers.tag,
      defaultCountry: root.defaultCountry,
    })
    .from(accounts)
    .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
    .innerJoin(root, eq(root.id, organizations.tenantId))
    .innerJoin(permissionGroups, eq(permissionGroups.id, accounts.permissionGroupId))
    .leftJoin(phoneNumbers, eq(phoneNumbers.accountId, accounts.id))
    .where(and(eq(accounts.id, id), inScope(admin, accounts.organizationId)));
  return row ?? null;
}
