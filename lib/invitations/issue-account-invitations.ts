import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from '@/db/client';
import { accounts, type Invitation, invitations, organizations, outboxMessages, phoneNumbers } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { getEnv } from '@/lib/env';
import {
  generateActivationPassword,
  generateLinkToken,
  hashActivationPassword,
  hashLinkToken,
} from '@/lib/invitations/secrets';
import { resolveSingleUseInvitations } from '@/lib/organizations/single-use-invitations';
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

export interface IssueOptions {
  baseUrl: string;
  createdByAdminId: string | null;
  /**
   * The accounts were created in this transaction already Pending, with `invited_at` and the tenant's
   * `invitation_expires_at` (the import does so): they have no earlier invitation to supersede and
   * need no second update, which at 50,000 rows would rewrite every row and its indexes again.
   */
  newAccounts?: boolean;
  /** Sent by the automatic reminder rather than by an administrator (a reminder is never reminded again). */
  automatic?: boolean;
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
  const targets = await loadTargets(tx, accountIds);
  if (targets.length === 0) return [];
  if (!options.newAccounts) await supersedeCurrentInvitations(tx, accountIds);
  // The organization's setting, resolved once per organization (an import's chunk has one), never per row.
  const singleUse = await resolveSingleUseInvitations(
    tx,
    targets.map((t) => t.organizationId),
  );
  const drafts = draftInvitations(targets, options, (organizationId) => singleUse.get(organizationId)!.effective);
  const invitationIdByAccount = await insertInvitations(tx, drafts, options);
  if (!options.newAccounts) await markInvited(tx, drafts);
  const env = getEnv();
  await enqueueMessages(
    tx,
    drafts.map((d) => invitationMessage(d, invitationIdByAccount.get(d.target.id)!, options.baseUrl, env)),
  );
  return drafts.map((d) => ({
    accountId: d.target.id,
    invitationId: invitationIdByAccount.get(d.target.id)!,
    channel: d.channel,
    destination: d.destination,
    expiresAt: d.expiresAt,
  }));
}

/** The accounts with what their invitation says: the organization, the tenant's expiry, the number. */
function loadTargets(tx: Db, accountIds: string[]) {
  const root = alias(organizations, 'root');
  return tx
    .select({
      id: accounts.id,
      firstName: accounts.firstName,
      lastName: accounts.lastName,
      email: accounts.email,
      organizationId: accounts.organizationId,
      deviceNumber: accounts.deviceNumber,
      organizationName: organizations.name,
      expiryDays: root.invitationExpiryDays,
      assignedNumber: phoneNumbers.e164,
      invitationExpiresAt: accounts.invitationExpiresAt,
    })
    .from(accounts)
    .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
    .innerJoin(root, eq(root.id, organizations.tenantId))
    .leftJoin(phoneNumbers, eq(phoneNumbers.accountId, accounts.id))
    .where(sql`${accounts.id} = any(${pgArray(accountIds)}::uuid[])`);
}

type Target = Awaited<ReturnType<typeof loadTargets>>[number];

/** A new invitation before it is stored: its secrets exist only here and in the queued message. */
interface Draft {
  target: Target;
  password: string;
  token: string;
  expiresAt: Date;
  channel: Invitation['channel'];
  destination: string;
  singleUse: boolean;
}

function draftInvitations(
  targets: Target[],
  options: IssueOptions,
  singleUseOf: (organizationId: string) => boolean,
): Draft[] {
  const now = Date.now();
  return targets.map((t) => ({
    target: t,
    password: generateActivationPassword(),
    token: generateLinkToken(),
    expiresAt:
      options.newAccounts && t.invitationExpiresAt ? t.invitationExpiresAt : new Date(now + t.expiryDays * DAY_MS),
    channel: t.email ? 'email' : 'sms',
    destination: (t.email ?? t.deviceNumber)!,
    singleUse: singleUseOf(t.organizationId),
  }));
}

/** Supersedes the current invitations, and cancels their messages that have not left yet. */
export async function supersedeCurrentInvitations(tx: Db, accountIds: string[]): Promise<void> {
  const superseded = tx.$with('superseded').as(
    tx
      .update(invitations)
      .set({ supersededAt: sql`now()` })
      .where(and(sql`${invitations.accountId} = any(${pgArray(accountIds)}::uuid[])`, isNull(invitations.supersededAt)))
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

/** One row per draft from one array parameter per column (`unnest`); the invitation ids by account. */
async function insertInvitations(
  tx: Db,
  drafts: Draft[],
  options: Pick<IssueOptions, 'createdByAdminId' | 'automatic'>,
): Promise<Map<string | null, string>> {
  const automatic = options.automatic ?? false;
  const columns = sql.join(
    [
      invitations.accountId,
      invitations.channel,
      invitations.destination,
      invitations.passwordHash,
      invitations.tokenHash,
      invitations.expiresAt,
      invitations.createdByAdminId,
      invitations.singleUse,
      invitations.automatic,
    ].map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const inserted = await queryRows<Pick<Invitation, 'id' | 'accountId'>>(
    tx,
    sql`insert into ${invitations} (${columns})
        select * from unnest(
          ${pgArray(drafts.map((d) => d.target.id))}::uuid[],
          ${pgArray(drafts.map((d) => d.channel))}::channel[],
          ${pgArray(drafts.map((d) => d.destination))}::text[],
          ${pgArray(drafts.map((d) => hashActivationPassword(d.password)))}::text[],
          ${pgArray(drafts.map((d) => hashLinkToken(d.token)))}::text[],
          ${pgArray(drafts.map((d) => d.expiresAt.toISOString()))}::timestamptz[],
          ${pgArray(drafts.map(() => options.createdByAdminId))}::uuid[],
          ${pgArray(drafts.map((d) => String(d.singleUse)))}::boolean[],
          ${pgArray(drafts.map(() => String(automatic)))}::boolean[])
        returning ${invitations.id} as "id", ${invitations.accountId} as "accountId"`,
  );
  return new Map(inserted.map((r) => [r.accountId, r.id]));
}

/** An Active account stays Active (the new password is for a reinstall); any other becomes Pending. */
async function markInvited(tx: Db, drafts: Draft[]): Promise<void> {
  await tx
    .update(accounts)
    .set({
      // A Suspended account stays Suspended too: its callers skip it (Reinstate first), this is the backstop.
      status: sql`case when ${accounts.status} in ('active', 'suspended') then ${accounts.status} else 'invited'::account_status end`,
      invitedAt: sql`now()`,
      invitationExpiresAt: sql`issued."expiresAt"`,
      updatedAt: sql`now()`,
    })
    .from(
      sql`unnest(${pgArray(drafts.map((d) => d.target.id))}::uuid[], ${pgArray(drafts.map((d) => d.expiresAt.toISOString()))}::timestamptz[])
        as issued("accountId", "expiresAt")`,
    )
    .where(sql`${accounts.id} = issued."accountId"`);
}

function invitationMessage(
  draft: Draft,
  invitationId: string,
  baseUrl: string,
  env: Pick<ReturnType<typeof getEnv>, 'APP_STORE_URL' | 'PLAY_STORE_URL'>,
): OutboxInput {
  const { target } = draft;
  return {
    channel: draft.channel,
    recipient: draft.destination,
    template: 'account-invitation',
    invitationId,
    props: {
      firstName: target.firstName,
      lastName: target.lastName,
      organizationName: target.organizationName,
      username: draft.destination,
      password: draft.password,
      activationUrl: `${baseUrl.replace(/\/$/, '')}/activate/${draft.token}`,
      assignedNumber: target.assignedNumber,
      expiresAt: draft.expiresAt.toISOString(),
      appStoreUrl: env.APP_STORE_URL,
      playStoreUrl: env.PLAY_STORE_URL,
    },
  };
}
