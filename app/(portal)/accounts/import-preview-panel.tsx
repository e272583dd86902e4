'use client';

import { useId } from 'react';
import type { ImportPreview } from '@/lib/import/preview-import';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The staged import's preview (region "Preview"): rows to import and skipped, the numbers needed and
 * available in the organization, and the skipped rows with their reasons (the first of them: after the
 * import, all of them can be downloaded).
 */
export function PreviewPanel({ preview }: { preview: ImportPreview }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-md border border-slate-200 p-3 text-sm">
      <h3 id={`${id}-title`} className="font-medium">
        Preview
      </h3>
      <p className="mt-1">
        <strong>{fmt(preview.importable)}</strong> {preview.importable === 1 ? 'row' : 'rows'} to import,{' '}
        <strong>{fmt(preview.skippedCount)}</strong> skipped.
      </p>
      <p className="mt-1 text-slate-700">
        Numbers: {fmt(preview.headroom.needed)} needed, {fmt(preview.headroom.available)} available in this organization
        (users choose their number at activation).
      </p>
      {preview.skipped.length > 0 && (
        <div className="mt-2 max-h-48 overflow-y-auto">
          <table aria-label="Skipped rows" className="w-full text-left text-xs">
            <thead className="sticky top-0 bg-white">
              <tr>
                <th scope="col" className="py-1 pr-2">
                  Line
                </th>
                <th scope="col" className="py-1 pr-2">
                  Name
                </th>
                <th scope="col" className="py-1 pr-2">
                  Email / Device #
                </th>
                <th scope="col" className="py-1">
                  Reason
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.skipped.map((r) => (
                <tr key={r.line} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-2">{r.line}</td>
                  <td className="py-1 pr-2">{`${r.firstName} ${r.lastName}`.trim() || '—'}</td>
                  <td className="py-1 pr-2 break-all">
                    {[r.email, r.deviceNumber].filter(Boolean).join(' · ') || '—'}
                  </td>
                  <td className="py-1">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.skippedCount > preview.skipped.length && (
            <p className="mt-1 text-xs text-slate-600">
              The first {preview.skipped.length} of {fmt(preview.skippedCount)} skipped rows; after the import, download
              all of them.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
