import { z } from 'zod';
import { adminRoute } from '@/lib/auth/admin-route';
import { skippedRowsOfImport } from '@/lib/import/preview-import';
import { skippedRowsCsv } from '@/lib/import/parse-import';

/** "Download skipped rows": the skipped rows of the administrator's own committed import, with a Reason column. */
export const GET = adminRoute(async (request, { admin, db }) => {
  const id = new URL(request.url).pathname.split('/').at(-2);
  const parsed = z.uuid().safeParse(id);
  const rows = parsed.success ? await skippedRowsOfImport(db, admin, parsed.data) : null;
  if (!rows) return Response.json({ error: 'not_found', message: 'This import was not found.' }, { status: 404 });
  return new Response(skippedRowsCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="skipped-rows.csv"',
      'Cache-Control': 'no-store',
    },
  });
});
