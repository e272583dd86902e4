import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import {
  type Account,
  accounts,
  invitations,
  type Organization,
  organizations,
  type PhoneNumber,
  phoneNumbers,
} from '@/db/schema';

/** The account being activated, with what an activation needs of its organization and tenant. */
export type LockedAccount = Pick<
  Account,
  'id' | 'organizationId' | 'email' | 'deviceNumber' | 'personalPhone' | 'status'
> & {
  tenantId: Organization['tenantId'];
  organizationName: Organization['name'];
  defaultCountry: Organization['defaultCountry'];
  number: PhoneNumber['e164'] | null;
};

/** The number assigned to the account (the `accounts` row of the enclosing query), or null. */
export function assignedNumber(): SQL<PhoneNumber['e164'] | null> {
  return sql`(select ${phoneNumbers.e164} from ${phoneNumbers} where ${phoneNumbers.accountId} = ${accounts.id})`;
}

/**
 * Locks the account (`for update` of the account only) and reads it, so two activations of one
 * account (or one racing a resend) run one after the other, and the second sees what the first did.
 */
export async function lockAccount(tx: Db, accountId: string): Promise<LockedAccount | undefined> {
  const root = alias(organizations, 'root');
  const [account] = await tx
    .select({
      id: accounts.id,
      organizationId: accounts.organizationId,
      tenantId: organizations.tenantId,
      organizationName: organizations.name,
      defaultCountry: root.defaultCountry,
      email: accounts.email,
      deviceNumber: accounts.deviceNumber,
      personalPhone: accounts.personalPhone,
      status: accounts.status,
      number: assignedNumber(),
    })
    .from(accounts)
    .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
    .innerJoin(root, eq(root.id, organizations.tenantId))
    .where(eq(accounts.id, accountId))
    .for('update', { of: accounts });
  return account;
}

/** The invitation as it is now, read after the account's lock is held. */
export async function invitationState(
  tx: Db,
  invitationId: string,
): Promise<{ superseded: boolean; expired: boolean; used: boolean } | undefined> {
  const [invitation] = await tx
    .select({
      superseded: sql<boolean>`${invitations.supersededAt} is not null`,
      expired: sql<boolean>`${invitations.expiresAt} <= now()`,
      // A single-use invitation works for one activation.
      used: sql<boolean>`${invitations.singleUse} and ${invitations.usedAt} is not null`,
    })
    .from(invitations)
    .where(eq(invitations.id, invitationId));
  return invitation;
}

/** The account becomes Active on the personal phone, and the invitation is marked used. */
export async function markActivated(
  tx: Db,
  accountId: string,
  invitationId: string,
  personalPhone: string,
): Promise<void> {
  await tx
    .update(accounts)
    .set({
      personalPhone,
      status: 'active',
      // A reinstall keeps the date the line was first activated.
      activatedAt: sql`coalesce(${accounts.activatedAt}, now())`,
      updatedAt: sql`now()`,
    })
    .where(eq(accounts.id, accountId));
  await tx
    .update(invitations)
    .set({ usedAt: sql`coalesce(${invitations.usedAt}, now())` })
    .where(eq(invitations.id, invitationId));
}
