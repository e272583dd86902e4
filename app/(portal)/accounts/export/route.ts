import Papa from 'papaparse';
import { parseAccountsQuery } from '@/lib/accounts/accounts-query';
import { DELIVERY_LABELS, STATUS_LABELS } from '@/lib/accounts/account-status';
import { selectAccountRows } from '@/lib/accounts/get-accounts-page';
import { adminRoute } from '@/lib/auth/admin-route';

const CHUNK = 5_000;
const EXPORT_LIMIT = 200_000;
// Cells that a spreadsheet would run as a formula; a phone number such as "+1415…" is left alone.
const FORMULA = /^[=@\t\r]|^[+-](?![\d\s()]+$)/;
const HEADER = [
  'First Name',
  'Last Name',
  'Email',
  'Device #',
  'Organization',
  'Number',
  'Tag',
  'User Permissions',
  'Status',
  'Delivery',
  'Invited at',
  'Activated at',
];

/** The accounts of the current view (filters and sort, every page) as CSV, in scope as always. */
export const GET = adminRoute((request, { admin, db }) => {
  const query = parseAccountsQuery(Object.fromEntries(new URL(request.url).searchParams));
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode(`\ufeff${Papa.unparse([HEADER])}\r\n`));
        for (let offset = 0; offset < EXPORT_LIMIT; offset += CHUNK) {
          const rows = await selectAccountRows(db, admin, query, { limit: CHUNK, offset });
          if (rows.length === 0) break;
          const lines = rows.map((r) => [
            r.firstName,
            r.lastName,
            r.email ?? '',
            r.deviceNumber ?? '',
            `${r.organizationName} (${r.organizationCode})`,
            r.number ?? '',
            r.numberTag ?? '',
            r.permissionGroup,
            STATUS_LABELS[r.status],
            r.deliveryState ? (DELIVERY_LABELS[r.deliveryState] ?? '') : '',
            r.invitedAt?.toISOString() ?? '',
            r.activatedAt?.toISOString() ?? '',
          ]);
          controller.enqueue(encoder.encode(`${Papa.unparse(lines, { escapeFormulae: FORMULA })}\r\n`));
          if (rows.length < CHUNK) break;
        }
        controller.close();
      } catch (error) {
        console.error('[export] failed', error);
        controller.error(new Error('export failed'));
      }
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="accounts-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
});
