import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import { findStagingImport, IMPORT_NOT_FOUND, type StagingImport } from '@/lib/import/stage-import';
import { SKIP_REASONS, type SkippedRow } from '@/lib/import/parse-import';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';
import { getHeadroom, lockAndRequireHeadroom } from '@/lib/numbers/headroom';

/** How many skipped rows the preview lists on screen; all of them are in "Download skipped rows". */
export const PREVIEW_SKIPPED_LIMIT = 100;

export interface ImportPreview {
  totalRows: number;
  importable: number;
  skippedCount: number;
  skipped: SkippedRow[];
  headroom: { needed: number; available: number };
  /** Why Import and Invite cannot run, in the words the server would refuse it with; null when it can. */
  blockedReason: string | null;
}

export interface ImportResult {
  importId: string;
  imported: number;
  skipped: number;
  organizationName: string;
}

const IMPORT_PREFIX = 'Unable to import accounts.';

/** The duplicate-in-file reason as SQL text around the first line's number (the parser's own wording). */
function duplicateReasonSql(firstLine: SQLFragment): SQLFragment {
  const marker = 987654321;
  const [before, after = ''] = SKIP_REASONS.duplicateInFile(marker).split(String(marker));
  return sql`${before} || ${firstLine}::text || ${after}`;
}
type SQLFragment = ReturnType<typeof sql>;

/**
 * For each staged row that passed validation: the reason it is skipped over the whole file, or null.
 * A later row repeating an earlier row's email or device # is a duplicate in the file; a row whose
 * email or device # belongs to an account anywhere on the platform already exists (the tenant is
 * never named). Re-importing a file therefore creates nothing twice.
 */
function classifiedRows(importId: string): SQLFragment {
  return sql`
    select r.line_number,
      case
        when r.first_email < r.line_number then ${duplicateReasonSql(sql`r.first_email`)}
        when r.first_device < r.line_number then ${duplicateReasonSql(sql`r.first_device`)}
        when (r.email is not null and exists (select 1 from accounts a where lower(a.email) = r.email))
          or (r.device_number is not null and exists (select 1 from accounts a where a.device_number = r.device_number))
          then ${SKIP_REASONS.alreadyExists}
      end as reason
    from (
      select line_number, email, device_number,
        case when email is not null then min(line_number) over (partition by email) end as first_email,
        case when device_number is not null then min(line_number) over (partition by device_number) end as first_device
      from import_rows where import_id = ${importId} and error is null
    ) r`;
}

/** The destination of the import, checked to be in scope and in the import's tenant. */
async function destination(db: Db, admin: AdminScope, batch: StagingImport, organizationId: string) {
  const [org] = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from organizations
        where id = ${organizationId} and tenant_id = ${batch.tenantId} and ${inScope(admin, sql`id`)}`,
  );
  if (!org) throw invalid({ organizationId: ['Choose an organization.'] });
  return org;
}

function shortfallMessage(needed: number, available: number): string {
  const have = Math.max(available, 0);
  return `${IMPORT_PREFIX} You do not have enough numbers available in the selected organization (${needed} needed, ${have} available: ${needed - have} short).`;
}

/** What Import and Invite would do with the staged rows, for the dialog's preview. Changes nothing. */
export async function previewImport(
  db: Db,
  admin: AdminScope,
  input: { importId: string; organizationId: string },
): Promise<ImportPreview> {
  const batch = await findStagingImport(db, admin, input.importId);
  if (!batch) throw new UserFacingError(IMPORT_NOT_FOUND);
  await destination(db, admin, batch, input.organizationId);

  // One pass over the classification: the first skipped rows, and (before the limit) how many there are.
  const skipped = await queryRows<SkippedRowDb & { skipped_total: number }>(
    db,
    sql`select r.line_number as line, r.first_name, r.last_name, r.email, r.device_number,
               coalesce(r.error, c.reason) as reason, count(*) over ()::int as skipped_total
        from import_rows r left join (${classifiedRows(batch.id)}) c on c.line_number = r.line_number
        where r.import_id = ${batch.id} and (r.error is not null or c.reason is not null)
        order by r.line_number limit ${PREVIEW_SKIPPED_LIMIT}`,
  );
  const total = await countRows(db, batch.id);
  const skippedCount = Number(skipped[0]?.skipped_total ?? 0);
  const importable = total - skippedCount;
  const available = (await getHeadroom(db, [input.organizationId])).get(input.organizationId)?.headroom ?? 0;

  let blockedReason: string | null = null;
  if (total === 0) blockedReason = 'There are no rows to import.';
  else if (importable === 0) blockedReason = 'Nothing to import: every row is skipped.';
  else if (importable > available) blockedReason = shortfallMessage(importable, available);

  return {
    totalRows: total,
    importable,
    skippedCount,
    skipped: skipped.map(toSkippedRow),
    headroom: { needed: importable, available: Math.max(available, 0) },
    blockedReason,
  };
}

interface SkippedRowDb {
  line: number;
  first_name: string;
  last_name: string;
  email: string | null;
  device_number: string | null;
  reason: string;
}

function toSkippedRow(r: SkippedRowDb): SkippedRow {
  return {
    line: Number(r.line),
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email ?? '',
    deviceNumber: r.device_number ?? '',
    reason: r.reason,
  };
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
    const [group] = await queryRows<{ id: string }>(
      tx,
      sql`select id from permission_groups where id = ${input.permissionGroupId} and organization_id = ${org.id}`,
    );
    if (!group) {
      throw invalid({
        permissionGroupId: ['Choose User Permissions of this organization.'],
      });
    }

    // Lock the destination first: every account check below then sees the accounts of imports and
    // Add Accounts that committed before this one got the lock.
    await tx.execute(sql`select id from organizations where id = ${org.id} for no key update`);
    await tx.execute(sql`update import_rows t set error = c.reason
        from (${classifiedRows(batch.id)}) c
        where t.import_id = ${batch.id} and t.line_number = c.line_number and c.reason is not null`);
    const [{ n: valid } = { n: 0 }] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from import_rows where import_id = ${batch.id} and error is null`,
    );
    const toImport = Number(valid);
    if (toImport === 0) throw new UserFacingError(`${IMPORT_PREFIX} Nothing to import: every row is skipped.`);
    await lockAndRequireHeadroom(tx, org.id, toImport, IMPORT_PREFIX);

    // Created Pending, with the tenant's expiry, so the invitations below need not update them again.
    const created = await queryRows<{ id: string }>(
      tx,
      sql`insert into accounts (organization_id, permission_group_id, first_name, last_name, email, device_number,
                                status, invited_at, invitation_expires_at)
          select ${org.id}, ${group.id}, r.first_name, r.last_name, r.email, r.device_number,
                 'invited', now(), now() + make_interval(days => root.invitation_expiry_days)
          from import_rows r, organizations o join organizations root on root.id = o.tenant_id
          where r.import_id = ${batch.id} and r.error is null and o.id = ${org.id}
          order by r.line_number
          on conflict do nothing
          returning id`,
    );
    const ids = created.map((r) => r.id);
    if (ids.length < toImport) {
      // Another administrator created some of these accounts after the check above (it had not
      // committed yet): those rows are skipped as existing, the rest imports.
      await tx.execute(sql`update import_rows r set error = ${SKIP_REASONS.alreadyExists}
          where r.import_id = ${batch.id} and r.error is null and not exists (
            select 1 from accounts a where a.id = any(${pgArray(ids)}::uuid[])
              and (lower(a.email) = r.email or a.device_number = r.device_number))`);
    }
    await issueAccountInvitations(tx, ids, {
      baseUrl: options.baseUrl,
      createdByAdminId: admin.id,
      newAccounts: true,
    });

    const skipped = (await countRows(tx, batch.id)) - ids.length;
    await tx.execute(sql`update import_batches set status = 'committed', organization_id = ${org.id},
        permission_group_id = ${group.id}, imported_count = ${ids.length}, skipped_count = ${skipped},
        committed_at = now()
        where id = ${batch.id}`);
    await recordAuditEvent(tx, admin, meta, {
      action: 'account.import',
      targetType: 'import',
      targetIds: [batch.id],
      organizationId: org.id,
      details: {
        fileName: batch.fileName,
        organization: org.name,
        permissionGroupId: group.id,
        imported: ids.length,
        skipped,
      },
    });
    return { importId: batch.id, imported: ids.length, skipped, organizationName: org.name };
  });
}

/** How many rows of the import are staged (valid or not). */
async function countRows(db: Db, importId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from import_rows where import_id = ${importId}`,
  );
  return Number(row?.n ?? 0);
}

/** The skipped rows of a committed import of this administrator, for "Download skipped rows"; null if none such. */
export async function skippedRowsOfImport(db: Db, admin: AdminScope, importId: string): Promise<SkippedRow[] | null> {
  const batch = await findStagingImport(db, admin, importId, { status: 'committed' });
  if (!batch) return null;
  const rows = await queryRows<SkippedRowDb>(
    db,
    sql`select line_number as line, first_name, last_name, email, device_number, error as reason
        from import_rows where import_id = ${batch.id} and error is not null order by line_number`,
  );
  return rows.map(toSkippedRow);
}
