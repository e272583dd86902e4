import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, invitations, organizations } from '@/db/schema';
import { hashesEqual, hashLinkToken } from '@/lib/invitations/secrets';
import { assignedNumber } from './activation-records';
import { getNumberChoices, type NumberChoices } from './number-choices';

export type InvitationLinkState =
  | { state: 'unknown' }
  | { state: 'superseded' }
  | { state: 'suspended'; organizationName: string }
  /** A single-use invitation that has activated the account already. */
  | { state: 'used'; organizationName: string }
  | { state: 'expired'; organizationName: string }
  | { state: 'active'; firstName: string; organizationName: string; username: string; number: string | null }
  | {
      state: 'ready';
      firstName: string;
      organizationName: string;
      username: string;
      /** Null when the user picks a number: then `choices` lists what they can pick. */
      assignedNumber: string | null;
      choices: NumberChoices | null;
    };

/**
 * What the activation page shows for a link. Only reads: opening a link (a GET) changes nothing,
 * because mail scanners and link previews open links too. Not rate-limited for the same reason; a
 * 256-bit token cannot be guessed.
 */
export async function describeInvitationLink(db: Db, token: string): Promise<InvitationLinkState> {
  if (!token || token.length > 200) return { state: 'unknown' };
  const tokenHash = hashLinkToken(token);
  const [row] = await db
    .select({
      tokenHash: invitations.tokenHash,
      superseded: sql<boolean>`${invitations.supersededAt} is not null`,
      expired: sql<boolean>`${invitations.expiresAt} <= now()`,
      used: sql<boolean>`${invitations.singleUse} and ${invitations.usedAt} is not null`,
      organizationId: accounts.organizationId,
      organizationName: organizations.name,
      firstName: accounts.firstName,
      email: accounts.email,
      deviceNumber: accounts.deviceNumber,
      personalPhone: accounts.personalPhone,
      status: accounts.status,
      number: assignedNumber(),
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
    .where(eq(invitations.tokenHash, tokenHash));
  if (!row || !hashesEqual(row.tokenHash, tokenHash)) return { state: 'unknown' };
  // Before superseded: Suspend superseded the invitation, and the user is told why it stopped working.
  if (row.status === 'suspended') return { state: 'suspended', organizationName: row.organizationName };
  if (row.superseded) return { state: 'superseded' };
  if (row.used) return { state: 'used', organizationName: row.organizationName };
  const username = (row.email ?? row.deviceNumber)!;
  if (row.status === 'active' && row.personalPhone !== null) {
    return {
      state: 'active',
      firstName: row.firstName,
      organizationName: row.organizationName,
      username,
      number: row.number,
    };
  }
  if (row.expired) return { state: 'expired', organizationName: row.organizationName };
  return {
    state: 'ready',
    firstName: row.firstName,
    organizationName: row.organizationName,
    username,
    assignedNumber: row.number,
    choices: row.number ? null : await getNumberChoices(db, row.organizationId),
  };
}
