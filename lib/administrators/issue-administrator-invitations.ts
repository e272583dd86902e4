import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from '@/db/client';
import { administrators, type Invitation, invitations, organizations, outboxMessages } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { generateLinkToken, hashLinkToken } from '@/lib/invitations/secrets';
import { enqueueMessages, type OutboxInput } from '@/lib/outbox/enqueue';

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
  const targets = await loadTargets(tx, ids);
  if (targets.length === 0) return [];

  await supersedeInvitations(tx, ids);
  const now = Date.now();
  const drafts = targets.map((target) => ({
    target,
    token: generateLinkToken(),
    expiresAt: new Date(now + target.expiryDays * DAY_MS),
  }));
  const invitationIdByAdmin = await insertInvitations(tx, drafts, options.invitedBy.id);

  const messages: OutboxInput<'administrator-invitation'>[] = drafts.map((d) => ({
    channel: 'email',
    recipient: d.target.email,
    template: 'administrator-invitation',
    invitationId: invitationIdByAdmin.get(d.target.id)!,
    props: {
      name: d.target.name,
      organizationName: d.target.organizationName,
      role: d.target.role,
      invitedByName: options.invitedBy.name,
      setPasswordUrl: setPasswordUrl(options.baseUrl, d.token),
      expiresAt: d.expiresAt.toISOString(),
    },
  }));
  await enqueueMessages(tx, messages);

  return drafts.map((d) => ({
    administratorId: d.target.id,
    invitationId: invitationIdByAdmin.get(d.target.id)!,
    email: d.target.email,
    expiresAt: d.expiresAt,
  }));
}

/** The administrators with what their invitation says: the organization and the tenant's expiry. */
function loadTargets(tx: Db, ids: SQL) {
  const root = alias(organizations, 'root');
  return tx
    .select({
      id: administrators.id,
      name: administrators.name,
      email: administrators.email,
      role: administrators.role,
      organizationName: organizations.name,
      expiryDays: root.invitationExpiryDays,
    })
    .from(administrators)
    .innerJoin(organizations, eq(organizations.id, administrators.organizationId))
    .innerJoin(root, eq(root.id, organizations.tenantId))
    .where(sql`${administrators.id} = any(${ids})`)
    .orderBy(administrators.id);
}

type Draft = { target: Awaited<ReturnType<typeof loadTargets>>[number]; token: string; expiresAt: Date };

/** Every current invitation of the administrators stops working; its email is cancelled unless it left. */
async function supersedeInvitations(tx: Db, ids: SQL): Promise<void> {
  const superseded = tx.$with('superseded').as(
    tx
      .update(invitations)
      .set({ supersededAt: sql`now()` })
      .where(and(sql`${invitations.administratorId} = any(${ids})`, isNull(invitations.supersededAt)))
      .returning({ id: invitations.id }),
  );
  await tx
    .with(superseded)
    .update(outboxMessages)
    .set({ status: 'cancelled', lastError: 'superseded by a new invitation' })
    .where(
      and(
        inArray(outboxMessages.invitationId, tx.select({ id: superseded.id }).from(superseded)),
        eq(outboxMessages.status, 'queued'),
        isNull(outboxMessages.batchId),
      ),
    );
}

/** One row per draft from one array parameter per column (`unnest`); the invitation ids by administrator. */
async function insertInvitations(tx: Db, drafts: Draft[], createdByAdminId: string): Promise<Map<string, string>> {
  const columns = sql.join(
    [
      invitations.administratorId,
      invitations.channel,
      invitations.destination,
      invitations.tokenHash,
      invitations.expiresAt,
      invitations.createdByAdminId,
    ].map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const inserted = await queryRows<Pick<Invitation, 'id' | 'administratorId'>>(
    tx,
    sql`insert into ${invitations} (${columns})
        select drafts."administratorId", 'email'::channel, drafts."destination", drafts."tokenHash",
               drafts."expiresAt", ${createdByAdminId}::uuid
        from unnest(
          ${pgArray(drafts.map((d) => d.target.id))}::uuid[],
          ${pgArray(drafts.map((d) => d.target.email))}::text[],
          ${pgArray(drafts.map((d) => hashLinkToken(d.token)))}::text[],
          ${pgArray(drafts.map((d) => d.expiresAt.toISOString()))}::timestamptz[])
          as drafts("administratorId", "destination", "tokenHash", "expiresAt")
        returning ${invitations.id} as "id", ${invitations.administratorId} as "administratorId"`,
  );
  return new Map(inserted.map((r) => [r.administratorId!, r.id]));
}
