import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { administrators, invitations, organizations } from '@/db/schema';
import { hashesEqual, hashLinkToken } from '@/lib/invitations/secrets';
import type { AdminRole } from './administrator-schemas';

export type SetPasswordLinkState =
  | { state: 'unknown' }
  | { state: 'superseded' }
  | { state: 'used' }
  | { state: 'expired'; organizationName: string }
  | { state: 'ready'; name: string; email: string; role: AdminRole; organizationName: string };

/** The invitation of a link token, with its administrator and organization; `lock` for update. */
function selectLink(db: Db, tokenHash: string, lock: boolean) {
  const query = db
    .select({
      invitationId: invitations.id,
      administratorId: administrators.id,
      tenantId: organizations.tenantId,
      organizationId: organizations.id,
      tokenHash: invitations.tokenHash,
      superseded: sql<boolean>`${invitations.supersededAt} is not null`,
      used: sql<boolean>`${invitations.usedAt} is not null`,
      expired: sql<boolean>`${invitations.expiresAt} <= now()`,
      name: administrators.name,
      email: administrators.email,
      role: administrators.role,
      organizationName: organizations.name,
    })
    .from(invitations)
    .innerJoin(administrators, eq(administrators.id, invitations.administratorId))
    .innerJoin(organizations, eq(organizations.id, administrators.organizationId))
    .where(eq(invitations.tokenHash, tokenHash));
  return lock ? query.for('update', { of: [invitations, administrators] }) : query;
}

export type SetPasswordLinkRow = Awaited<ReturnType<typeof selectLink>>[number];

/** The invitation of an administrator's set-password link, with its administrator; `lock` for update. */
export async function findSetPasswordLink(db: Db, token: string, lock = false): Promise<SetPasswordLinkRow | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashLinkToken(token);
  const [row] = await selectLink(db, tokenHash, lock);
  return row && hashesEqual(row.tokenHash, tokenHash) ? row : null;
}

export function linkState(row: SetPasswordLinkRow | null): SetPasswordLinkState {
  if (!row) return { state: 'unknown' };
  if (row.superseded) return { state: 'superseded' };
  if (row.used) return { state: 'used' };
  if (row.expired) return { state: 'expired', organizationName: row.organizationName };
  return { state: 'ready', name: row.name, email: row.email, role: row.role, organizationName: row.organizationName };
}

/**
 * What the set-password page shows for a link. Only reads: opening a link (a GET) changes nothing,
 * because mail scanners and link previews open links too. A 256-bit token cannot be guessed, so the
 * read is not throttled; the form's POST is.
 */
export async function describeSetPasswordLink(db: Db, token: string): Promise<SetPasswordLinkState> {
  return linkState(await findSetPasswordLink(db, token));
}
