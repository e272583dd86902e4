import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true });

export const adminRole = pgEnum('admin_role', ['owner', 'admin']);
export const adminStatus = pgEnum('admin_status', ['invited', 'active']);
/** Stored status; "Expired" is derived: invited and the current invitation is past its expiry. */
export const accountStatus = pgEnum('account_status', ['not_invited', 'invited', 'active', 'suspended']);
export const channel = pgEnum('channel', ['email', 'sms']);
export const deliveryState = pgEnum('delivery_state', [
  'queued',
  'sent',
  'delivered',
  'bounced',
  'complained',
  'failed',
]);
export const outboxStatus = pgEnum('outbox_status', ['queued', 'sending', 'sent', 'failed', 'cancelled']);
export const importStatus = pgEnum('import_status', ['staging', 'committed', 'abandoned']);
export const outboxBatchStatus = pgEnum('outbox_batch_status', ['sending', 'sent', 'failed']);

/**
 * A tree of organizations. A root (parent_id null) is one tenant; tenant_id is the root's id, on the
 * root itself too. `path` is the materialized path of ids ("/root/child/"), so a subtree is one
 * indexed prefix match: `path LIKE '/root/child/%'`.
 */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references((): AnyPgColumn => organizations.id),
    parentId: uuid('parent_id').references((): AnyPgColumn => organizations.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    path: text('path').notNull(),
    depth: integer('depth').notNull().default(0),
    /** Tenant settings, read from the root organization. */
    invitationExpiryDays: integer('invitation_expiry_days').notNull().default(30),
    defaultCountry: text('default_country').notNull().default('US'),
    /** Operator-set limits of the tenant (read from the root): numbers in its inventory, and existence checks a day. */
    numberQuota: integer('number_quota').notNull().default(10000),
    existenceCheckDailyLimit: integer('existence_check_daily_limit').notNull().default(250000),
    /**
     * Single-use invitations: true or false on an organization, or null to inherit its parent's
     * (a root's null means off). A single-use invitation's password and link work for one activation.
     */
    singleUseInvitations: boolean('single_use_invitations'),
    /** Tenant setting (read from the root): send a new invitation this many days before expiry; null is off. */
    reminderDaysBeforeExpiry: integer('reminder_days_before_expiry'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organizations_path_key').on(sql`${t.path} text_pattern_ops`),
    uniqueIndex('organizations_tenant_code_key').on(t.tenantId, t.code),
    uniqueIndex('organizations_sibling_name_key').on(t.tenantId, t.parentId, sql`lower(${t.name})`),
    index('organizations_parent_idx').on(t.parentId),
    check('organizations_expiry_days_check', sql`${t.invitationExpiryDays} between 1 and 365`),
    check('organizations_number_quota_check', sql`${t.numberQuota} >= 0`),
    check('organizations_existence_limit_check', sql`${t.existenceCheckDailyLimit} >= 0`),
    check('organizations_reminder_days_check', sql`${t.reminderDaysBeforeExpiry} between 1 and 364`),
  ],
);

export const administrators = pgTable(
  'administrators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** scrypt; null until an invited administrator sets a password. */
    passwordHash: text('password_hash'),
    role: adminRole('role').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    status: adminStatus('status').notNull().default('invited'),
    lastSignInAt: tstz('last_sign_in_at'),
    /** Bumped by a password change, a removal or a role change: sessions carrying an older one end. */
    sessionVersion: integer('session_version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('administrators_email_key').on(sql`lower(${t.email})`),
    index('administrators_organization_idx').on(t.organizationId),
  ],
);

export const permissionGroups = pgTable(
  'permission_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('permission_groups_name_key').on(t.organizationId, sql`lower(${t.name})`),
    uniqueIndex('permission_groups_one_default_key')
      .on(t.organizationId)
      .where(sql`${t.isDefault}`),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    permissionGroupId: uuid('permission_group_id')
      .notNull()
      .references(() => permissionGroups.id),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    /** E.164; where an SMS invitation goes. */
    deviceNumber: text('device_number'),
    /** E.164; bound at the first activation. */
    personalPhone: text('personal_phone'),
    status: accountStatus('status').notNull().default('not_invited'),
    /** Copies of the current invitation's times, so the table sorts and filters without a join. */
    invitedAt: tstz('invited_at'),
    invitationExpiresAt: tstz('invitation_expires_at'),
    activatedAt: tstz('activated_at'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(device_number, ''))`,
    ),
  },
  (t) => [
    check('accounts_contact_check', sql`${t.email} is not null or ${t.deviceNumber} is not null`),
    check('accounts_device_e164_check', sql`${t.deviceNumber} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check(
      'accounts_invited_check',
      // Pending, Expired and Active accounts were invited. (Written without 'suspended', which the
      // migration adding it to the enum could not use in its own transaction.)
      sql`${t.status} not in ('invited', 'active') or (${t.invitedAt} is not null and ${t.invitationExpiresAt} is not null)`,
    ),
    uniqueIndex('accounts_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('accounts_device_number_key').on(t.deviceNumber),
    // With the expiry, counting Pending or Expired accounts in scope is an index-only scan.
    index('accounts_organization_idx').on(t.organizationId, t.status, t.invitationExpiresAt),
    index('accounts_permission_group_idx').on(t.permissionGroupId),
    index('accounts_name_idx').on(t.firstName, t.lastName, t.id),
    index('accounts_invited_at_idx').on(t.invitedAt, t.id),
    index('accounts_activated_at_idx').on(t.activatedAt, t.id),
    index('accounts_status_expiry_idx').on(t.status, t.invitationExpiresAt),
    index('accounts_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

/**
 * How many accounts each organization has, kept by statement-level triggers on `accounts` (migration
 * 0006), so the Accounts table's unfiltered total at 100,000 accounts is a sum over a few organizations
 * instead of a count over every index entry. Writers of one organization's accounts serialize on its
 * row until they commit (they already lock the organization for headroom).
 */
export const accountCounts = pgTable('account_counts', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  total: bigint('total', { mode: 'number' }).notNull().default(0),
});

export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    e164: text('e164').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    tag: text('tag'),
    /** The account it is assigned to; deleting the account returns the number to the pool. */
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    assignedAt: tstz('assigned_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('phone_numbers_e164_key').on(t.e164),
    uniqueIndex('phone_numbers_account_key').on(t.accountId),
    check('phone_numbers_e164_check', sql`${t.e164} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check('phone_numbers_tag_check', sql`${t.tag} ~ '^[A-Z][A-Z0-9_]{0,31}$'`),
    index('phone_numbers_available_idx')
      .on(t.organizationId, t.tag, t.e164)
      .where(sql`${t.accountId} is null`),
    index('phone_numbers_organization_idx').on(t.organizationId),
    index('phone_numbers_e164_trgm_idx').using('gin', sql`${t.e164} gin_trgm_ops`),
  ],
);

/**
 * Tags whose numbers are reserved in a tenant (ported lines, numbers meant for particular people): they
 * count in no headroom, are never offered at activation and never taken by an import or by a tag pick
 * for an unnumbered account; only an administrator assigns them, one by one.
 */
export const reservedTags = pgTable(
  'reserved_tags',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.tag] }),
    check('reserved_tags_tag_check', sql`${t.tag} ~ '^[A-Z][A-Z0-9_]{0,31}$'`),
  ],
);

/**
 * One row per send. Secrets are stored only as keyed SHA-256 hashes. The current invitation of an
 * account (or administrator) is the one not superseded; a partial unique index keeps it single.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    administratorId: uuid('administrator_id').references(() => administrators.id, { onDelete: 'cascade' }),
    channel: channel('channel').notNull(),
    destination: text('destination').notNull(),
    /** Null for an administrator's invitation, which carries a link only. */
    passwordHash: text('password_hash'),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    supersededAt: tstz('superseded_at'),
    usedAt: tstz('used_at'),
    deliveryState: deliveryState('delivery_state').notNull().default('queued'),
    deliveryUpdatedAt: tstz('delivery_updated_at'),
    providerMessageId: text('provider_message_id'),
    createdByAdminId: uuid('created_by_admin_id').references(() => administrators.id, { onDelete: 'set null' }),
    /** Sent by the automatic reminder, not by an administrator; a reminder is never reminded again. */
    automatic: boolean('automatic').notNull().default(false),
    /** Copied from the organization's setting when sent: the password and link work for one activation. */
    singleUse: boolean('single_use').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    check('invitations_owner_check', sql`num_nonnulls(${t.accountId}, ${t.administratorId}) = 1`),
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    uniqueIndex('invitations_current_account_key')
      .on(t.accountId)
      .where(sql`${t.supersededAt} is null`),
    uniqueIndex('invitations_current_admin_key')
      .on(t.administratorId)
      .where(sql`${t.supersededAt} is null`),
    index('invitations_account_idx').on(t.accountId),
    index('invitations_provider_message_idx').on(t.providerMessageId),
  ],
);

/**
 * One provider request: up to 100 emails (Resend's batch endpoint) or one SMS. Its membership is fixed
 * when it is formed, so a retry (after a 5xx, a timeout, or a drainer that died holding the claim)
 * resends exactly the same request under the same idempotency key, the batch id.
 */
export const outboxBatches = pgTable(
  'outbox_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: channel('channel').notNull(),
    status: outboxBatchStatus('status').notNull().default('sending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    /** A drainer holds the batch until then; past it, the batch is due again. */
    claimedUntil: tstz('claimed_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    index('outbox_batches_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'sending'`),
  ],
);

/** Messages to deliver, written in the transaction of the change that caused them. */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: channel('channel').notNull(),
    invitationId: uuid('invitation_id').references(() => invitations.id, { onDelete: 'set null' }),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    payload: jsonb('payload').notNull(),
    status: outboxStatus('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    claimedUntil: tstz('claimed_until'),
    idempotencyKey: text('idempotency_key').notNull(),
    /** Set when the message joins a provider request; null while it waits in the queue. */
    batchId: uuid('batch_id').references(() => outboxBatches.id, { onDelete: 'set null' }),
    /** Send in a batch of its own: its batch was refused as invalid, so it must not sink others. */
    solo: boolean('solo').notNull().default(false),
    providerMessageId: text('provider_message_id'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_messages_idempotency_key').on(t.idempotencyKey),
    index('outbox_messages_due_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} in ('queued', 'sending')`),
    index('outbox_messages_invitation_idx').on(t.invitationId),
    index('outbox_messages_batch_idx').on(t.batchId),
    index('outbox_messages_provider_message_idx').on(t.providerMessageId),
  ],
);

/**
 * What happened to an invitation's message, in order: sent to the provider, then each delivery report
 * (Resend's webhooks, the SMS provider's status callbacks). The account page lists them.
 */
export const invitationEvents = pgTable(
  'invitation_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    invitationId: uuid('invitation_id')
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    state: deliveryState('state').notNull(),
    /** The provider's own word when it differs from the state (e.g. Twilio's "undelivered"). */
    detail: text('detail'),
    occurredAt: tstz('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('invitation_events_invitation_idx').on(t.invitationId, t.id)],
);

/** Delivery webhooks already processed, by their svix id, so a replay changes nothing. */
export const webhookEvents = pgTable('webhook_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: tstz('received_at').notNull().defaultNow(),
});

/**
 * The development mailbox: with no email or SMS provider configured, the drainer "sends" here, and
 * /dev/mailbox shows every message. Never written when a real provider is configured.
 */
export const devMailboxMessages = pgTable(
  'dev_mailbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: channel('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    html: text('html'),
    text: text('text').notNull(),
    outboxMessageId: bigint('outbox_message_id', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [index('dev_mailbox_messages_recipient_idx').on(sql`lower(${t.recipient})`, t.id)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => organizations.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    actorAdminId: uuid('actor_admin_id').references(() => administrators.id, { onDelete: 'set null' }),
    /** Kept as written, so the trail survives the administrator's removal. */
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetIds: text('target_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_events_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('audit_events_organization_idx').on(t.organizationId, t.createdAt),
  ],
);

/** A large CSV import is uploaded in chunks into staging rows, then committed in one transaction. */
export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    permissionGroupId: uuid('permission_group_id')
      .notNull()
      .references(() => permissionGroups.id),
    administratorId: uuid('administrator_id').references(() => administrators.id, { onDelete: 'set null' }),
    fileName: text('file_name').notNull(),
    /** Hash of the normalized rows, so a re-upload of the same file is recognised. */
    contentHash: text('content_hash'),
    status: importStatus('status').notNull().default('staging'),
    rowCount: integer('row_count').notNull().default(0),
    importedCount: integer('imported_count'),
    skippedCount: integer('skipped_count'),
    createdAt: createdAt(),
    committedAt: tstz('committed_at'),
  },
  (t) => [index('import_batches_organization_idx').on(t.organizationId, t.createdAt)],
);

export const importRows = pgTable(
  'import_rows',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => importBatches.id, { onDelete: 'cascade' }),
    lineNumber: integer('line_number').notNull(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    email: text('email'),
    deviceNumber: text('device_number'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.lineNumber] })],
);

/**
 * Fixed-window counters for throttling (sign-in, activation, existence checks). `expires_at` is the
 * end of the current window; the drainer's schedule deletes expired rows.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: tstz('window_start').notNull(),
    count: integer('count').notNull().default(0),
    expiresAt: tstz('expires_at').notNull().defaultNow(),
  },
  (t) => [index('rate_limits_expires_idx').on(t.expiresAt)],
);

export type Organization = typeof organizations.$inferSelect;
export type Administrator = typeof administrators.$inferSelect;
export type Account = typeof accounts.$inferSelect;
export type PhoneNumber = typeof phoneNumbers.$inferSelect;
export type PermissionGroup = typeof permissionGroups.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type OutboxMessage = typeof outboxMessages.$inferSelect;
export type OutboxBatch = typeof outboxBatches.$inferSelect;
export type DevMailboxMessage = typeof devMailboxMessages.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type AccountCount = typeof accountCounts.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type ImportBatch = typeof importBatches.$inferSelect;
export type ImportRow = typeof importRows.$inferSelect;
export type RateLimit = typeof rateLimits.$inferSelect;
export type ReservedTag = typeof reservedTags.$inferSelect;
export type InvitationEvent = typeof invitationEvents.$inferSelect;
