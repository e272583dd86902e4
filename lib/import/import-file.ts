import type { Db } from '@/db/client';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { commitImport, type ImportResult } from '@/lib/import/commit-import';
import { type ImportPreview, previewImport } from '@/lib/import/preview-import';
import { chunkRows, rowsToStage } from '@/lib/import/import-schema';
import { parseImportFile } from '@/lib/import/parse-import';
import { stageImportRows, startImport } from '@/lib/import/stage-import';

/**
 * The Multiple Accounts dialog's whole path in one call, for the benchmark, the tests and scripts:
 * parse the file, start a staged import, stage it chunk by chunk exactly as the browser sends it,
 * preview, and (unless `commit` is false) Import and Invite.
 */
export async function importFile(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: { bytes: Uint8Array; fileName: string; organizationId: string; permissionGroupId: string; country: string },
  options: { baseUrl: string; commit?: boolean },
): Promise<{ importId: string; preview: ImportPreview; result: ImportResult | null; timings: Record<string, number> }> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = now - mark;
    mark = now;
  };
  const outcome = parseImportFile(input.bytes, { defaultCountry: input.country });
  if (!outcome.ok) throw new UserFacingError(outcome.error);
  const rows = rowsToStage(outcome);
  lap('parse');
  const started = await startImport(db, admin, {
    organizationId: input.organizationId,
    fileName: input.fileName,
    totalRows: rows.length,
  });
  if (!started) throw new UserFacingError('The organization was not found.');
  for (const chunk of chunkRows(rows)) {
    await stageImportRows(db, admin, { importId: started.importId, rows: chunk });
  }
  lap('stage');
  const preview = await previewImport(db, admin, { importId: started.importId, organizationId: input.organizationId });
  lap('preview');
  if (options.commit === false) return { importId: started.importId, preview, result: null, timings };
  const result = await commitImport(
    db,
    admin,
    meta,
    { importId: started.importId, organizationId: input.organizationId, permissionGroupId: input.permissionGroupId },
    { baseUrl: options.baseUrl },
  );
  lap('commit');
  return { importId: started.importId, preview, result, timings };
}
