import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { hashesEqual, hashLinkToken } from '@/lib/invitations/secrets';
import type { AdminRole } from './administrator-schemas';

export type SetPasswordLinkState =
  | { state: 'unknown' }
  | { state: 'superseded' }
  | { state: 'used' }
  | { state: 'expired'; organizationName: string }
  | { state: 'ready'; name: string; email: string; role: AdminRole; organizationName: string };

export interface SetPasswordLinkRow {
  invitation_id: string;
  administrator_id: string;
  tenant_id: string;
  organization_id: string;
  token_hash: string;
  superseded: boolean;
  used: boolean;
  expired: boolean;
  name: string;
  email: string;
  role: AdminRole;
  organization_name: string;
}

/** The invitation of an administrator's set-password link, with its administrator; `lock` for update. */
export async function findSetPasswordLink(db: Db, token: string, lock = false): Promise<SetPasswordLinkRow | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashLinkToken(token);
  const [row] = await queryRows<SetPasswordLinkRow>(
    db,
    sql`select i.id as invitation_id, a.id as administrator_id, o.tenant_id, o.id as organization_id, i.token_hash,
               i.superseded_at is not null as superseded, i.used_at is not null as used,
               i.expires_at <= now() as expired, a.name, a.email, a.role, o.name as organization_name
        from invitations i
        join administrators a on a.id = i.administrator_id
        join organizations o on o.id = a.organization_id
        where i.token_hash = ${tokenHash}
        ${lock ? sql`for update of i, a` : sql``}`,
  );
  return row && hashesEqual(row.token_hash, tokenHash) ? row : null;
}

export function linkState(row: SetPasswordLinkRow | null): SetPasswordLinkState {
  if (!row) return { state: 'unknown' };
  if (row.superseded) return { state: 'superseded' };
  if (row.used) return { state: 'used' };
  if (row.expired) return { state: 'expired', organizationName: row.organization_name };
  return { state: 'ready', name: row.name, email: row.email, role: row.role, organizationName: row.organization_name };
}

/**
 * What the set-password page shows for a link. Only reads: opening a link (a GET) changes nothing,
 * because mail scanners and link previews open links too. A 256-bit token cannot be guessed, so the
 * read is not throttled; the form's POST is.
 */
export async function describeSetPasswordLink(db: Db, token: string): Promise<SetPasswordLinkState> {
  return linkState(await findSetPasswordLink(db, token));
}
