import { and, eq, isNull, notExists, or, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { type Account, accounts, importBatches, importRows, organizations, permissionGroups } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import { classifiedRows, countRows, destination, IMPORT_PREFIX } from '@/lib/import/classify-import';
import { SKIP_REASONS } from '@/lib/import/validate-import-row';
import { findStagingImport, IMPORT_NOT_FOUND, type StagingImport } from '@/lib/import/stage-import';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';
import { lockAndRequireHeadroom } from '@/lib/numbers/headroom';

export interface ImportResult {
  importId: string;
  imported: number;
  skipped: number;
  organizationName: string;
}

/**
 * Import and Invite (docs/product.md#add-account-multiple): in ONE transaction, re-decides duplicates and
 * existing accounts, requires headroom for every row with the organization locked (so two imports racing for
 * the same numbers queue up and the second sees the first's accounts), creates every valid account as Pending
 * and queues its invitation. Numbers are not assigned: each user chooses one at activation. Anything failing
 * rolls all of it back. Committing an import twice (a double click) creates nothing the second time: the
 * import is locked and no longer staging.
 */
export async function commitImport(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: { importId: string; organizationId: string; permissionGroupId: string },
  options: { baseUrl: string },
): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const batch = await findStagingImport(tx, admin, input.importId, { lock: true });
    if (!batch) throw new UserFacingError(IMPORT_NOT_FOUND);
    const org = await destination(tx, admin, batch, input.organizationId);
    const groupId = await permissionGroupOf(tx, org.id, input.permissionGroupId);

    // Lock the destination first: every account check below then sees the accounts of imports and
    // Add Accounts that committed before this one got the lock.
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, org.id))
      .for('no key update');
    await skipClassifiedRows(tx, batch.id);
    const toImport = await countRows(tx, batch.id, { valid: true });
    if (toImport === 0) throw new UserFacingError(`${IMPORT_PREFIX} Nothing to import: every row is skipped.`);
    await lockAndRequireHeadroom(tx, org.id, toImport, IMPORT_PREFIX);

    const ids = await createAccounts(tx, batch, org.id, groupId, toImport);
    await issueAccountInvitations(tx, ids, {
      baseUrl: options.baseUrl,
      createdByAdminId: admin.id,
      newAccounts: true,
    });

    const skipped = (await countRows(tx, batch.id)) - ids.length;
    await tx
      .update(importBatches)
      .set({
        status: 'committed',
        organizationId: org.id,
        permissionGroupId: groupId,
        importedCount: ids.length,
        skippedCount: skipped,
        committedAt: sql`now()`,
      })
      .where(eq(importBatches.id, batch.id));
    await recordAuditEvent(tx, admin, meta, {
      action: 'account.import',
      targetType: 'import',
      targetIds: [batch.id],
      organizationId: org.id,
      details: {
        fileName: batch.fileName,
        organization: org.name,
        permissionGroupId: groupId,
        imported: ids.length,
        skipped,
      },
    });
    return { importId: batch.id, imported: ids.length, skipped, organizationName: org.name };
  });
}

/** The chosen User Permissions, checked to belong to the destination. */
async function permissionGroupOf(tx: Db, organizationId: string, permissionGroupId: string): Promise<string> {
  const [group] = await tx
    .select({ id: permissionGroups.id })
    .from(permissionGroups)
    .where(and(eq(permissionGroups.id, permissionGroupId), eq(permissionGroups.organizationId, organizationId)));
  if (!group) throw invalid({ permissionGroupId: ['Choose User Permissions of this organization.'] });
  return group.id;
}

/** Each staged row skipped over the whole file gets its reason, so only importable rows are left valid. */
async function skipClassifiedRows(tx: Db, importId: string): Promise<void> {
  await tx
    .update(importRows)
    .set({ error: sql`c."reason"` })
    .from(sql`(${classifiedRows(importId)}) c`)
    .where(
      and(
        eq(importRows.importId, importId),
        sql`${importRows.lineNumber} = c."lineNumber"`,
        sql`c."reason" is not null`,
      ),
    );
}

const createdColumns = sql.join(
  [
    accounts.organizationId,
    accounts.permissionGroupId,
    accounts.firstName,
    accounts.lastName,
    accounts.email,
    accounts.deviceNumber,
    accounts.status,
    accounts.invitedAt,
    accounts.invitationExpiresAt,
  ].map((column) => sql.identifier(column.name)),
  sql`, `,
);

/**
 * Creates an account for each valid row, Pending already with the tenant's expiry (read from the root,
 * `batch.tenantId`: the destination is in the import's tenant), so the invitations need not update
 * them again. Answers their ids, in the file's order.
 */
async function createAccounts(
  tx: Db,
  batch: StagingImport,
  organizationId: string,
  permissionGroupId: string,
  expected: number,
): Promise<string[]> {
  const created = await queryRows<Pick<Account, 'id'>>(
    tx,
    sql`insert into ${accounts} (${createdColumns})
        select ${organizationId}, ${permissionGroupId}, ${importRows.firstName}, ${importRows.lastName},
               ${importRows.email}, ${importRows.deviceNumber},
               'invited', now(), now() + make_interval(days => ${organizations.invitationExpiryDays})
        from ${importRows}, ${organizations}
        where ${importRows.importId} = ${batch.id} and ${importRows.error} is null
          and ${organizations.id} = ${batch.tenantId}
        order by ${importRows.lineNumber}
        on conflict do nothing
        returning ${accounts.id} as "id"`,
  );
  const ids = created.map((r) => r.id);
  if (ids.length < expected) await skipTakenRows(tx, batch.id, ids);
  return ids;
}

/**
 * Another administrator created some of these accounts after the checks (it had not committed yet):
 * the valid rows not among the accounts just created are skipped as existing.
 */
async function skipTakenRows(tx: Db, importId: string, createdIds: string[]): Promise<void> {
  const createdFromRow = tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      and(
        sql`${accounts.id} = any(${pgArray(createdIds)}::uuid[])`,
        or(sql`lower(${accounts.email}) = ${importRows.email}`, eq(accounts.deviceNumber, importRows.deviceNumber)),
      ),
    );
  await tx
    .update(importRows)
    .set({ error: SKIP_REASONS.alreadyExists })
    .where(and(eq(importRows.importId, importId), isNull(importRows.error), notExists(createdFromRow)));
}
