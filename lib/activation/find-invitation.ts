import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, invitations, organizations } from '@/db/schema';
import { hashActivationPassword, hashesEqual, hashLinkToken } from '@/lib/invitations/secrets';
import type { ActivationCredentials } from './activation-result';
import { deviceNumberCandidates, looksLikeEmail } from './phone-input';

export interface InvitationMatch {
  invitationId: string;
  accountId: string;
  superseded: boolean;
}

const isSuperseded = sql<boolean>`${invitations.supersededAt} is not null`;

/**
 * The invitation the credentials open, current or superseded, or null. A password is compared, in
 * constant time, with every invitation of the accounts the username can name, so one that belonged to
 * a superseded invitation is recognised as such rather than as a wrong password.
 */
export async function findInvitation(db: Db, credentials: ActivationCredentials): Promise<InvitationMatch | null> {
  if ('token' in credentials) return findByToken(db, credentials.token);
  return findByPassword(db, credentials.username.trim(), credentials.password);
}

async function findByToken(db: Db, token: string): Promise<InvitationMatch | null> {
  const tokenHash = hashLinkToken(token);
  const [row] = await db
    .select({
      id: invitations.id,
      accountId: invitations.accountId,
      tokenHash: invitations.tokenHash,
      superseded: isSuperseded,
    })
    .from(invitations)
    .where(and(eq(invitations.tokenHash, tokenHash), isNotNull(invitations.accountId)));
  if (!row?.accountId || !hashesEqual(row.tokenHash, tokenHash)) return null;
  return { invitationId: row.id, accountId: row.accountId, superseded: row.superseded };
}

async function findByPassword(db: Db, username: string, password: string): Promise<InvitationMatch | null> {
  const accountFilter = looksLikeEmail(username)
    ? sql`lower(${accounts.email}) = ${username.toLowerCase()}`
    : await deviceNumberFilter(db, username);
  if (!accountFilter) return null;
  const rows = await db
    .select({
      id: invitations.id,
      accountId: accounts.id,
      passwordHash: invitations.passwordHash,
      superseded: isSuperseded,
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(and(accountFilter, isNotNull(invitations.passwordHash)))
    .orderBy(desc(invitations.createdAt))
    .limit(500);
  const passwordHash = hashActivationPassword(password);
  let found: InvitationMatch | null = null;
  // Every row is compared (no early exit), and a current invitation wins over a superseded one.
  for (const row of rows) {
    if (row.passwordHash !== null && hashesEqual(row.passwordHash, passwordHash) && (!found || found.superseded)) {
      found = { invitationId: row.id, accountId: row.accountId, superseded: row.superseded };
    }
  }
  return found;
}

/** The device numbers a username can be, read in each tenant's default country; null for none. */
async function deviceNumberFilter(db: Db, username: string) {
  const countries = await db
    .selectDistinct({ defaultCountry: organizations.defaultCountry })
    .from(organizations)
    .where(isNull(organizations.parentId));
  const candidates = deviceNumberCandidates(
    username,
    countries.map((c) => c.defaultCountry),
  );
  return candidates.length === 0 ? null : inArray(accounts.deviceNumber, candidates);
}
