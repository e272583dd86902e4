import { templateCsv } from '@/lib/import/parse-import';

export const dynamic = 'force-static';

/** "Download the .CSV template": the four columns and one example row that the import ignores. */
export function GET() {
  return new Response(templateCsv(), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="multiline-accounts-template.csv"',
    },
  });
}
