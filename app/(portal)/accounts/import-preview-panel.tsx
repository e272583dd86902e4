'use client';

import { type ReactNode, useId } from 'react';
import { buttonClasses } from '@/app/_components/ui/button';
import { IMPORT_COLUMNS } from '@/lib/import/import-csv-files';
import type { ImportPreview } from '@/lib/import/preview-import';

const fmt = (n: number) => n.toLocaleString('en-US');

/** What the preview says when the rows came without a header line. */
export const HEADERLESS_NOTICE = `No header line: columns read as ${IMPORT_COLUMNS.join(', ')}.`;

/**
 * The staged import's preview (region "Preview"): how the columns were read when there was no header
 * line, rows to import and skipped, the numbers needed and available in the organization, the first
 * valid rows (as they will be created) and the first skipped rows (with their reason), and both lists
 * whole as CSV downloads, before Import and Invite.
 */
export function PreviewPanel({
  importId,
  preview,
  headerless,
}: {
  importId: string;
  preview: ImportPreview;
  /** The rows had no header line: they were read in the template's column order. */
  headerless: boolean;
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-md border border-slate-200 p-3 text-sm">
      <h3 id={`${id}-title`} className="font-medium">
        Preview
      </h3>
      {headerless && <p className="mt-1 text-slate-700">{HEADERLESS_NOTICE}</p>}
      <p className="mt-1">
        <strong>{fmt(preview.importable)}</strong> {preview.importable === 1 ? 'row' : 'rows'} to import,{' '}
        <strong>{fmt(preview.skippedCount)}</strong> skipped.
      </p>
      <p className="mt-1 text-slate-700">
        Numbers: {fmt(preview.headroom.needed)} needed, {fmt(preview.headroom.available)} available in this organization
        (users choose their number at activation).
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        {preview.importable > 0 && (
          <a href={`/accounts/import/${importId}/valid`} download className={buttonClasses('secondary')}>
            Download valid rows
          </a>
        )}
        {preview.skippedCount > 0 && (
          <a href={`/accounts/import/${importId}/skipped`} download className={buttonClasses('secondary')}>
            Download skipped rows
          </a>
        )}
      </div>
      {preview.valid.length > 0 && (
        <RowsTable
          caption="Valid rows"
          headers={['Line', 'Name', 'Email', 'Device #']}
          rows={preview.valid.map((r) => ({
            key: r.line,
            cells: [r.line, name(r), r.email || '—', r.deviceNumber || '—'],
          }))}
          more={moreNote(preview.valid.length, preview.importable, 'valid rows', 'Download valid rows')}
        />
      )}
      {preview.skipped.length > 0 && (
        <RowsTable
          caption="Skipped rows"
          headers={['Line', 'Name', 'Email / Device #', 'Reason']}
          rows={preview.skipped.map((r) => ({
            key: r.line,
            cells: [r.line, name(r), [r.email, r.deviceNumber].filter(Boolean).join(' · ') || '—', r.reason],
          }))}
          more={moreNote(preview.skipped.length, preview.skippedCount, 'skipped rows', 'Download skipped rows')}
        />
      )}
    </section>
  );
}

function name(r: { firstName: string; lastName: string }): string {
  return `${r.firstName} ${r.lastName}`.trim() || '—';
}

function moreNote(shown: number, total: number, what: string, download: string): string | null {
  return total > shown
    ? `The first ${fmt(shown)} of ${fmt(total)} ${what} are listed; ${download} has all of them.`
    : null;
}

/**
 * One list of the preview: a table named by its caption, in a box that scrolls (Chromium and Firefox
 * let the keyboard focus a scrolling box without focusable content).
 */
function RowsTable({
  caption,
  headers,
  rows,
  more,
}: {
  caption: string;
  headers: string[];
  rows: { key: number; cells: ReactNode[] }[];
  more: string | null;
}) {
  return (
    <div className="mt-3">
      <div className="max-h-48 overflow-y-auto">
        <table className="w-full text-left text-xs">
          <caption className="bg-white py-1 text-left font-medium">{caption}</caption>
          <thead className="sticky top-0 bg-white">
            <tr>
              {headers.map((header, index) => (
                <th key={header} scope="col" className={index < headers.length - 1 ? 'py-1 pr-2' : 'py-1'}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className="border-t border-slate-100 align-top">
                {row.cells.map((cell, index) => (
                  <td key={headers[index]} className={index === 2 ? 'py-1 pr-2 break-all' : 'py-1 pr-2'}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && <p className="mt-1 text-xs text-slate-600">{more}</p>}
    </div>
  );
}
