import { and, count, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, importRows, organizations } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid } from '@/lib/errors';
import { SKIP_REASONS } from '@/lib/import/validate-import-row';
import type { StagingImport } from '@/lib/import/stage-import';

/*
 * What the preview (lib/import/preview-import.ts) and the commit (lib/import/commit-import.ts) both
 * decide: where the import goes, and which staged rows are skipped over the whole file.
 */

export const IMPORT_PREFIX = 'Unable to import accounts.';

/** The duplicate-in-file reason as SQL text around the first line's number (the parser's own wording). */
function duplicateReasonSql(firstLine: SQL): SQL {
  const marker = 987654321;
  const [before, after = ''] = SKIP_REASONS.duplicateInFile(marker).split(String(marker));
  return sql`${before} || ${firstLine}::text || ${after}`;
}

/**
 * For each staged row that passed validation, as `"lineNumber"` and `"reason"`: the reason it is
 * skipped over the whole file, or null. A later row repeating an earlier row's email or device # is a
 * duplicate in the file; a row whose email or device # belongs to an account anywhere on the platform
 * already exists (the tenant is never named). Re-importing a file therefore creates nothing twice.
 */
export function classifiedRows(importId: string): SQL {
  return sql`
    select r."lineNumber",
      case
        when r."firstEmail" < r."lineNumber" then ${duplicateReasonSql(sql`r."firstEmail"`)}
        when r."firstDevice" < r."lineNumber" then ${duplicateReasonSql(sql`r."firstDevice"`)}
        when (r."email" is not null and exists (select 1 from ${accounts} where lower(${accounts.email}) = r."email"))
          or (r."deviceNumber" is not null
            and exists (select 1 from ${accounts} where ${accounts.deviceNumber} = r."deviceNumber"))
          then ${SKIP_REASONS.alreadyExists}
      end as "reason"
    from (
      select ${importRows.lineNumber} as "lineNumber", ${importRows.email} as "email",
        ${importRows.deviceNumber} as "deviceNumber",
        case when ${importRows.email} is not null
          then min(${importRows.lineNumber}) over (partition by ${importRows.email}) end as "firstEmail",
        case when ${importRows.deviceNumber} is not null
          then min(${importRows.lineNumber}) over (partition by ${importRows.deviceNumber}) end as "firstDevice"
      from ${importRows} where ${importRows.importId} = ${importId} and ${importRows.error} is null
    ) r`;
}

/** The destination of the import, checked to be in scope and in the import's tenant. */
export async function destination(db: Db, admin: AdminScope, batch: StagingImport, organizationId: string) {
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(
      and(
        eq(organizations.id, organizationId),
        eq(organizations.tenantId, batch.tenantId),
        inScope(admin, organizations.id),
      ),
    );
  if (!org) throw invalid({ organizationId: ['Choose an organization.'] });
  return org;
}

/** How many rows of the import are staged (valid or not), or only the valid ones. */
export async function countRows(db: Db, importId: string, options: { valid?: boolean } = {}): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(importRows)
    .where(and(eq(importRows.importId, importId), options.valid ? isNull(importRows.error) : undefined));
  return row?.n ?? 0;
}
