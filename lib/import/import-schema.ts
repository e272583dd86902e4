import { z } from 'zod';
import { IMPORT_MAX_ROWS, type ParseOutcome, type SkippedRow, type ValidRow } from '@/lib/import/parse-import';

/** Rows per staging request: a chunk's JSON stays well under the 1 MB server-action body limit. */
export const STAGE_CHUNK_ROWS = 2_000;
/** Bytes of JSON per staging request at most, whatever the rows hold (Vercel refuses 4.5 MB; Next.js 1 MB). */
export const STAGE_CHUNK_BYTES = 700_000;

const CELL_MAX = 500;
const cell = z.string().max(CELL_MAX).default('');

/** One row as the file had it (trimmed): the server validates it again, the browser is not trusted. */
export const stagedRowSchema = z.object({
  line: z.number().int().min(1).max(10_000_000),
  firstName: cell,
  lastName: cell,
  email: cell,
  deviceNumber: cell,
});
export type StagedRowInput = z.input<typeof stagedRowSchema>;

export const startImportSchema = z.object({
  organizationId: z.uuid('Choose an organization.'),
  fileName: z.string().trim().min(1).max(255).default('pasted rows'),
  totalRows: z
    .number()
    .int()
    .min(1, 'There are no rows to import.')
    .max(IMPORT_MAX_ROWS, `An import takes at most ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows.`),
});

export const stageRowsSchema = z.object({
  importId: z.uuid(),
  rows: z.array(stagedRowSchema).min(1).max(STAGE_CHUNK_ROWS),
});

export const previewImportSchema = z.object({
  importId: z.uuid(),
  organizationId: z.uuid('Choose an organization.'),
});

/** Discarding one's own import in progress (frees one of the administrator's places; lib/import/stage-import.ts). */
export const discardImportSchema = z.object({ importId: z.uuid() });

export const commitImportSchema = z.object({
  importId: z.uuid(),
  organizationId: z.uuid('Choose an organization.'),
  permissionGroupId: z.uuid('Choose User Permissions of this organization.'),
});

/** Splits rows into chunks that respect both STAGE_CHUNK_ROWS and STAGE_CHUNK_BYTES. */
export function chunkRows<T>(rows: T[], maxRows = STAGE_CHUNK_ROWS, maxBytes = STAGE_CHUNK_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 2;
  for (const row of rows) {
    const size = JSON.stringify(row).length * 2 + 1; // UTF-16 worst case for non-ASCII once encoded as UTF-8
    if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Every row the parser saw, valid or skipped, as the file had it, in line order: what the browser stages. */
export function rowsToStage(outcome: Extract<ParseOutcome, { ok: true }>) {
  const valid = outcome.rows.map((r: ValidRow) => ({
    line: r.line,
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email ?? '',
    deviceNumber: r.deviceNumber ?? '',
  }));
  // A skipped row is kept to show the administrator what was wrong; a cell longer than the server
  // takes (the reason it was skipped, often) is cut, so that one bad cell never refuses the chunk.
  const cut = (value: string) => value.slice(0, CELL_MAX);
  const skipped = outcome.skipped.map((r: SkippedRow) => ({
    line: r.line,
    firstName: cut(r.firstName),
    lastName: cut(r.lastName),
    email: cut(r.email),
    deviceNumber: cut(r.deviceNumber),
  }));
  return [...valid, ...skipped].sort((a, b) => a.line - b.line);
}
