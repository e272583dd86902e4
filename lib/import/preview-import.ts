import type { Db } from '@/db/client';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { destination, IMPORT_PREFIX } from '@/lib/import/classify-import';
import { firstRowsOfEach, type ListedRow } from '@/lib/import/import-row-lists';
import type { SkippedRow } from '@/lib/import/validate-import-row';
import { findStagingImport, IMPORT_NOT_FOUND } from '@/lib/import/stage-import';
import { getHeadroom } from '@/lib/numbers/headroom';

/**
 * How many valid rows, and how many skipped rows, the preview lists on screen; all of them are in
 * "Download valid rows" and "Download skipped rows".
 */
export const PREVIEW_LIMIT = 100;

/** A row Import and Invite would create, as it would create it (email lower-cased, Device # in E.164). */
export type PreviewValidRow = Omit<ListedRow, 'reason'>;

export interface ImportPreview {
  totalRows: number;
  importable: number;
  skippedCount: number;
  /** The first PREVIEW_LIMIT valid rows, in line order. */
  valid: PreviewValidRow[];
  /** The first PREVIEW_LIMIT skipped rows, in line order, with their reason. */
  skipped: SkippedRow[];
  headroom: { needed: number; available: number };
  /** Why Import and Invite cannot run, in the words the server would refuse it with; null when it can. */
  blockedReason: string | null;
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

  const lists = await firstRowsOfEach(db, batch.id, PREVIEW_LIMIT);
  const { skippedCount, validCount: importable } = lists;
  const total = importable + skippedCount;
  const available = (await getHeadroom(db, [input.organizationId])).get(input.organizationId)?.headroom ?? 0;

  let blockedReason: string | null = null;
  if (total === 0) blockedReason = 'There are no rows to import.';
  else if (importable === 0) blockedReason = 'Nothing to import: every row is skipped.';
  else if (importable > available) blockedReason = shortfallMessage(importable, available);

  return {
    totalRows: total,
    importable,
    skippedCount,
    valid: lists.valid.map(({ line, firstName, lastName, email, deviceNumber }) => ({
      line,
      firstName,
      lastName,
      email,
      deviceNumber,
    })),
    skipped: lists.skipped.map((row) => ({ ...row, reason: row.reason ?? '' })),
    headroom: { needed: importable, available: Math.max(available, 0) },
    blockedReason,
  };
}

function shortfallMessage(needed: number, available: number): string {
  const have = Math.max(available, 0);
  return `${IMPORT_PREFIX} You do not have enough numbers available in the selected organization (${needed} needed, ${have} available: ${needed - have} short).`;
}
