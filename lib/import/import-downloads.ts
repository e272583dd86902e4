import type { Db } from '@/db/client';
import type { AdminScope } from '@/lib/auth/scope';
import { rowsCsvHeader, rowsCsvLines } from '@/lib/import/import-csv-files';
import { type RowKind, rowPage } from '@/lib/import/import-row-lists';
import { findStagingImport } from '@/lib/import/stage-import';

/*
 * "Download valid rows" and "Download skipped rows" (docs/product.md#add-account-multiple): every row
 * of one kind of an import, as CSV, streamed page by page from the staged rows, so that memory stays
 * bounded whatever the file's size (50,000 rows at most).
 */

/** Rows read from the database per page of a download. */
export const DOWNLOAD_PAGE_ROWS = 5_000;

/**
 * The administrator's own import, in progress or committed, in scope: the only imports they may
 * download rows of (another administrator's, even of the same organization, is not found). Null if none.
 */
export async function findDownloadableImport(
  db: Db,
  admin: AdminScope,
  importId: string,
): Promise<{ id: string; committed: boolean } | null> {
  const staging = await findStagingImport(db, admin, importId);
  if (staging) return { id: staging.id, committed: false };
  const committed = await findStagingImport(db, admin, importId, { status: 'committed' });
  return committed ? { id: committed.id, committed: true } : null;
}

/**
 * The CSV of one kind of rows, produced as it is read: the header first, then one page of rows at a
 * time, each read only when the reader wants more (a slow download holds one page at most).
 */
export function importRowsCsv(
  db: Db,
  batch: { id: string; committed: boolean },
  kind: RowKind,
  pageRows = DOWNLOAD_PAGE_ROWS,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterLine = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(rowsCsvHeader(kind)));
          return;
        }
        try {
          const rows = await rowPage(db, batch, kind, afterLine, pageRows);
          if (rows.length > 0) {
            afterLine = rows.at(-1)!.line;
            controller.enqueue(
              encoder.encode(
                rowsCsvLines(
                  kind,
                  rows.map((r) => ({ ...r, reason: r.reason ?? '' })),
                ),
              ),
            );
          }
          if (rows.length < pageRows) controller.close();
        } catch (error) {
          console.error('[import download] failed', error);
          controller.error(new Error('download failed'));
        }
      },
    },
    { highWaterMark: 0 },
  );
}

/** The HTTP answer of a download: the file, or 404 when the import is not the administrator's. */
export async function importRowsResponse(db: Db, admin: AdminScope, importId: string, kind: RowKind) {
  const batch = await findDownloadableImport(db, admin, importId);
  if (!batch) return Response.json({ error: 'not_found', message: 'This import was not found.' }, { status: 404 });
  return new Response(importRowsCsv(db, batch, kind), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${kind}-rows.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
