import { z } from 'zod';
import { adminRoute } from '@/lib/auth/admin-route';
import { importRowsResponse } from '@/lib/import/import-downloads';

/**
 * "Download valid rows": every row of the administrator's own import that Import and Invite creates
 * (or created), as it creates them, with a Line column, streamed page by page
 * (lib/import/import-downloads.ts).
 */
export const GET = adminRoute(async (request, { admin, db }) => {
  const parsed = z.uuid().safeParse(new URL(request.url).pathname.split('/').at(-2));
  if (!parsed.success)
    return Response.json({ error: 'not_found', message: 'This import was not found.' }, { status: 404 });
  return importRowsResponse(db, admin, parsed.data, 'valid');
});
