import Papa from 'papaparse';
import type { Db } from '@/db/client';
import type { AdminScope } from '@/lib/auth/scope';
import { importRowsResponse } from '@/lib/import/import-downloads';
import type { RowKind } from '@/lib/import/import-row-lists';

/**
 * "Download valid rows" / "Download skipped rows" as the route answers them (less the sign-in): the
 * status, the raw text, and the CSV's header and rows (the BOM and the final line end removed).
 */
export async function downloadImportRows(db: Db, admin: AdminScope, importId: string, kind: RowKind) {
  const response = await importRowsResponse(db, admin, importId, kind);
  // The bytes as saved, the BOM kept (Response.text() would drop it).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  if (response.status !== 200) return { status: response.status, text, header: [], rows: [] };
  const [header = [], ...rows] = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), {
    newline: '\r\n',
    skipEmptyLines: true,
  }).data;
  return { status: response.status, text, header, rows };
}
