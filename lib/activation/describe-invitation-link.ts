import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { hashesEqual, hashLinkToken } from '@/lib/invitations/secrets';
import { getNumberChoices, type NumberChoices } from './number-choices';

export type InvitationLinkState =
  | { state: 'unknown' }
  | { state: 'superseded' }
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
  const [row] = await queryRows<{
    token_hash: string;
    superseded: boolean;
    expired: boolean;
    organization_id: string;
    organization_name: string;
    first_name: string;
    email: string | null;
    device_number: string | null;
    personal_phone: string | null;
    status: 'not_invited' | 'invited' | 'active';
    number: string | null;
  }>(
    db,
    sql`select i.token_hash, i.superseded_at is not null as superseded, i.expires_at <= now() as expired,
               a.organization_id, o.name as organization_name, a.first_name, a.email, a.device_number,
               a.personal_phone, a.status,
               (select e164 from phone_numbers n where n.account_id = a.id) as number
        from invitations i
        join accounts a on a.id = i.account_id
        join organizations o on o.id = a.organization_id
        where i.token_hash = ${tokenHash}`,
  );
  if (!row || !hashesEqual(row.token_hash, tokenHash)) return { state: 'unknown' };
  if (row.superseded) return { state: 'superseded' };
  const username = (row.email ?? row.device_number)!;
  if (row.status === 'active' && row.personal_phone !== null) {
    return {
      state: 'active',
      firstName: row.first_name,
      organizationName: row.organization_name,
      username,
      number: row.number,
    };
  }
  if (row.expired) return { state: 'expired', organizationName: row.organization_name };
  return {
    state: 'ready',
    firstName: row.first_name,
    organizationName: row.organization_name,
    username,
    assignedNumber: row.number,
    choices: row.number ? null : await getNumberChoices(db, row.organization_id),
  };
}
