import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import { getEnv } from '@/lib/env';
import {
  generateActivationPassword,
  generateLinkToken,
  hashActivationPassword,
  hashLinkToken,
} from '@/lib/invitations/secrets';
import { enqueueMessages, type OutboxInput } from '@/lib/outbox/enqueue';

const DAY_MS = 86_400_000;
/**
 * Accounts per round of statements. Small enough that a chunk's secrets, payloads and array
 * parameters die young (a 50,000-row import stays under 300 MB; see docs/performance.md), large
 * enough that the round trips do not matter.
 */
const ISSUE_CHUNK = 1000;

export interface IssuedInvitation {
  accountId: string;
  invitationId: string;
  channel: 'email' | 'sms';
  destination: string;
  expiresAt: Date;
}

interface Target {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  device_number: string | null;
  organization_name: string;
  expiry_days: number;
  assigned_number: string | null;
  invitation_expires_at: string | Date | null;
}

export interface IssueOptions {
  baseUrl: string;
  createdByAdminId: string | null;
  /**
   * The accounts were created in this transaction already Pending, with `invited_at` and the tenant's
   * `invitation_expires_at` (the import does so): they have no earlier invitation to supersede and
   * need no second update, which at 50,000 rows would rewrite every row and its indexes again.
   */
  newAccounts?: boolean;
}

/**
 * Issues a new invitation to each account (docs/product.md#domain): a fresh readable password and link token,
 * stored only as keyed hashes; every earlier invitation of the account is superseded at once (its password
 * and link stop working, and its message is cancelled if it has not left yet); the expiry is the tenant's;
 * the message is queued in the outbox. Call inside the transaction of the change, with the accounts already
 * locked or freshly created and known to be in the administrator's scope.
 *
 * An Active account keeps its status (it is activated on a device; the new password is for a
 * reinstall); any other becomes Pending.
 */
export async function issueAccountInvitations(
  tx: Db,
  accountIds: string[],
  options: IssueOptions,
): Promise<IssuedInvitation[]> {
  if (accountIds.length === 0) return [];
  const issued: IssuedInvitation[] = [];
  for (let i = 0; i < accountIds.length; i += ISSUE_CHUNK) {
    issued.push(...(await issueChunk(tx, accountIds.slice(i, i + ISSUE_CHUNK), options)));
  }
  return issued;
}

async function issueChunk(tx: Db, accountIds: string[], options: IssueOptions): Promise<IssuedInvitation[]> {
  const ids = sql`${pgArray(accountIds)}::uuid[]`;
  const targets = await queryRows<Target>(
    tx,
    sql`select a.id, a.first_name, a.last_name, a.email, a.device_number, o.name as organization_name,
               root.invitation_expiry_days as expiry_days, n.e164 as assigned_number,
               a.invitation_expires_at
        from accounts a
        join organizations o on o.id = a.organization_id
        join organizations root on root.id = o.tenant_id
        left join phone_numbers n on n.account_id = a.id
        where a.id = any(${ids})`,
  );
  if (targets.length === 0) return [];

  // Supersede the current invitations, and cancel their messages that have not left yet.
  if (!options.newAccounts) {
    await tx.execute(sql`
    with superseded as (
      update invitations set superseded_at = now()
      where account_id = any(${ids}) and superseded_at is null
      returning id)
    update outbox_messages set status = 'cancelled', last_error = 'superseded by a new invitation'
    where invitation_id in (select id from superseded) and status = 'queued' and batch_id is null`);
  }

  const now = Date.now();
  const env = getEnv();
  const rows = targets.map((t) => {
    const password = generateActivationPassword();
    const token = generateLinkToken();
    const expiresAt =
      options.newAccounts && t.invitation_expires_at
        ? new Date(t.invitation_expires_at)
        : new Date(now + Number(t.expiry_days) * DAY_MS);
    const channel = t.email ? ('email' as const) : ('sms' as const);
    const destination = (t.email ?? t.device_number)!;
    return { t, password, token, expiresAt, channel, destination };
  });

  const inserted = await queryRows<{ id: string; account_id: string }>(
    tx,
    sql`insert into invitations (account_id, channel, destination, password_hash, token_hash, expires_at, created_by_admin_id)
        select * from unnest(
          ${pgArray(rows.map((r) => r.t.id))}::uuid[],
          ${pgArray(rows.map((r) => r.channel))}::channel[],
          ${pgArray(rows.map((r) => r.destination))}::text[],
          ${pgArray(rows.map((r) => hashActivationPassword(r.password)))}::text[],
          ${pgArray(rows.map((r) => hashLinkToken(r.token)))}::text[],
          ${pgArray(rows.map((r) => r.expiresAt.toISOString()))}::timestamptz[],
          ${pgArray(rows.map(() => options.createdByAdminId))}::uuid[])
        returning id, account_id`,
  );
  const invitationIdByAccount = new Map(inserted.map((r) => [r.account_id, r.id]));

  if (!options.newAccounts) {
    await tx.execute(sql`
    update accounts a set
      status = case when a.status = 'active' then a.status else 'invited'::account_status end,
      invited_at = now(),
      invitation_expires_at = v.expires_at,
      updated_at = now()
    from unnest(${pgArray(rows.map((r) => r.t.id))}::uuid[], ${pgArray(rows.map((r) => r.expiresAt.toISOString()))}::timestamptz[])
      as v(id, expires_at)
    where a.id = v.id`);
  }

  const messages: OutboxInput[] = rows.map((r) => ({
    channel: r.channel,
    recipient: r.destination,
    template: 'account-invitation',
    invitationId: invitationIdByAccount.get(r.t.id)!,
    props: {
      firstName: r.t.first_name,
      lastName: r.t.last_name,
      organizationName: r.t.organization_name,
      username: r.destination,
      password: r.password,
      activationUrl: `${options.baseUrl.replace(/\/$/, '')}/activate/${r.token}`,
      assignedNumber: r.t.assigned_number,
      expiresAt: r.expiresAt.toISOString(),
      appStoreUrl: env.APP_STORE_URL,
      playStoreUrl: env.PLAY_STORE_URL,
    },
  }));
  await enqueueMessages(tx, messages);

  return rows.map((r) => ({
    accountId: r.t.id,
    invitationId: invitationIdByAccount.get(r.t.id)!,
    channel: r.channel,
    destination: r.destination,
    expiresAt: r.expiresAt,
  }));
}
