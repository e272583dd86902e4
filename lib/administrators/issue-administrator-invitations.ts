import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import { generateLinkToken, hashLinkToken } from '@/lib/invitations/secrets';
import { enqueueMessages, type OutboxInput } from '@/lib/outbox/enqueue';
import type { AdminRole } from './administrator-schemas';

const DAY_MS = 86_400_000;

export interface IssuedAdministratorInvitation {
  administratorId: string;
  invitationId: string;
  email: string;
  expiresAt: Date;
}

/** The link in an administrator's invitation: opening it shows the set-password form. */
export function setPasswordUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/activate/admin/${token}`;
}

/**
 * Issues a set-password invitation to each administrator: a fresh link token stored only as a keyed
 * hash, every earlier invitation superseded at once (its link stops working, its message is cancelled
 * if it has not left yet), the tenant's expiry, the email queued in the outbox. Call inside the
 * transaction of the change, with the administrators locked or freshly created and in scope. The
 * administrator's status and password are left as they are: an active administrator keeps signing in
 * with the current password until the link is used.
 */
export async function issueAdministratorInvitations(
  tx: Db,
  administratorIds: string[],
  options: { baseUrl: string; invitedBy: { id: string; name: string } },
): Promise<IssuedAdministratorInvitation[]> {
  if (administratorIds.length === 0) return [];
  const ids = sql`${pgArray(administratorIds)}::uuid[]`;
  const targets = await queryRows<{
    id: string;
    name: string;
    email: string;
    role: AdminRole;
    organization_name: string;
    expiry_days: number;
  }>(
    tx,
    sql`select a.id, a.name, a.email, a.role, o.name as organization_name, root.invitation_expiry_days as expiry_days
        from administrators a
        join organizations o on o.id = a.organization_id
        join organizations root on root.id = o.tenant_id
        where a.id = any(${ids})
        order by a.id`,
  );
  if (targets.length === 0) return [];

  await tx.execute(sql`
    with superseded as (
      update invitations set superseded_at = now()
      where administrator_id = any(${ids}) and superseded_at is null
      returning id)
    update outbox_messages set status = 'cancelled', last_error = 'superseded by a new invitation'
    where invitation_id in (select id from superseded) and status = 'queued' and batch_id is null`);

  const now = Date.now();
  const rows = targets.map((t) => ({
    t,
    token: generateLinkToken(),
    expiresAt: new Date(now + Number(t.expiry_days) * DAY_MS),
  }));
  const inserted = await queryRows<{ id: string; administrator_id: string }>(
    tx,
    sql`insert into invitations (administrator_id, channel, destination, token_hash, expires_at, created_by_admin_id)
        select v.administrator_id, 'email'::channel, v.destination, v.token_hash, v.expires_at, ${options.invitedBy.id}::uuid
        from unnest(
          ${pgArray(rows.map((r) => r.t.id))}::uuid[],
          ${pgArray(rows.map((r) => r.t.email))}::text[],
          ${pgArray(rows.map((r) => hashLinkToken(r.token)))}::text[],
          ${pgArray(rows.map((r) => r.expiresAt.toISOString()))}::timestamptz[])
          as v(administrator_id, destination, token_hash, expires_at)
        returning id, administrator_id`,
  );
  const invitationIdByAdmin = new Map(inserted.map((r) => [r.administrator_id, r.id]));

  const messages: OutboxInput<'administrator-invitation'>[] = rows.map((r) => ({
    channel: 'email',
    recipient: r.t.email,
    template: 'administrator-invitation',
    invitationId: invitationIdByAdmin.get(r.t.id)!,
    props: {
      name: r.t.name,
      organizationName: r.t.organization_name,
      role: r.t.role,
      invitedByName: options.invitedBy.name,
      setPasswordUrl: setPasswordUrl(options.baseUrl, r.token),
      expiresAt: r.expiresAt.toISOString(),
    },
  }));
  await enqueueMessages(tx, messages);

  return rows.map((r) => ({
    administratorId: r.t.id,
    invitationId: invitationIdByAdmin.get(r.t.id)!,
    email: r.t.email,
    expiresAt: r.expiresAt,
  }));
}
