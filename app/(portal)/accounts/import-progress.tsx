'use client';

import { Dialog } from 'radix-ui';
import { useId } from 'react';
import { Button, buttonClasses } from '@/app/_components/ui/button';
import type { ImportPhase } from './use-staged-import';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Where the staged import is: the upload's bar counts the rows sent; the commit is one transaction in
 * one request, so its bar is indeterminate (docs/decisions.md).
 */
export function ImportProgress({ phase }: { phase: ImportPhase }) {
  const id = useId();
  switch (phase.name) {
    case 'uploading':
      return (
        <div>
          <label htmlFor={`${id}-upload`} className="block text-sm">
            Uploading {phase.total > 0 ? `${fmt(phase.sent)} of ${fmt(phase.total)} rows` : '…'}
          </label>
          <progress
            id={`${id}-upload`}
            className="w-full"
            max={phase.total || undefined}
            value={phase.total ? phase.sent : undefined}
          />
        </div>
      );
    case 'previewing':
      return <p className="text-sm text-slate-600">Checking the rows against the portal…</p>;
    case 'committing':
      return (
        <div>
          <label htmlFor={`${id}-commit`} className="block text-sm">
            Importing {fmt(phase.preview.importable)} accounts and queuing their invitations…
          </label>
          <progress id={`${id}-commit`} className="w-full" />
        </div>
      );
    default:
      return null;
  }
}

/** The committed import: its message, the skipped rows to download (if any), another file, or Done. */
export function ImportDone({
  phase,
  onAnother,
}: {
  phase: Extract<ImportPhase, { name: 'done' }>;
  onAnother: () => void;
}) {
  return (
    <div className="space-y-4">
      <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-900">
        {phase.message}
      </p>
      <div className="flex justify-end gap-2">
        {phase.result.skipped > 0 && (
          <a href={`/accounts/import/${phase.result.importId}/skipped`} download className={buttonClasses('secondary')}>
            Download skipped rows
          </a>
        )}
        <Button onClick={onAnother}>Import another file</Button>
        <Dialog.Close className={buttonClasses('primary')}>Done</Dialog.Close>
      </div>
    </div>
  );
}
