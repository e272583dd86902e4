import { z } from 'zod';
import { adminRoute } from '@/lib/auth/admin-route';
import { importRowsResponse } from '@/lib/import/import-downloads';

/**
 * "Download skipped rows": every skipped row of the administrator's own import, before or after the
 * commit, with Line and Reason columns, streamed page by page (lib/import/import-downloads.ts).
 */
export const GET = adminRoute(async (request, { admin, db }) => {
  const parsed = z.uuid().safeParse(new URL(request.url).pathname.split('/').at(-2));
  if (!parsed.success)
    return Response.json({ error: 'not_found', message: 'This import was not found.' }, { status: 404 });
  return importRowsResponse(db, admin, parsed.data, 'skipped');
});
