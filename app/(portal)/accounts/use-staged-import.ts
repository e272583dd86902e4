'use client';

import { useEffect, useRef, useState } from 'react';
import type { ImportResult } from '@/lib/import/commit-import';
import type { ImportPreview } from '@/lib/import/preview-import';
import { chunkRows, rowsToStage } from '@/lib/import/import-schema';
import { IMPORT_MAX_BYTES, type ParseOutcome, parseImportFile, parseImportText } from '@/lib/import/parse-import';
import {
  commitImportAction,
  discardImportAction,
  previewImportAction,
  stageImportRowsAction,
  startImportAction,
} from './import-actions';

export type ImportPhase =
  | { name: 'idle' }
  | { name: 'uploading'; sent: number; total: number }
  | { name: 'previewing' }
  | { name: 'ready'; importId: string; preview: ImportPreview }
  | { name: 'committing'; importId: string; preview: ImportPreview }
  | { name: 'done'; result: ImportResult; message: string };

/**
 * The Multiple Accounts import of the dialog, staged on the server (docs/decisions.md, the staged
 * import): the rows parsed here in the browser are sent in chunks well under the request-body limit
 * to a staged import, which the server validates again and previews against the database for
 * `organizationId` (again whenever it changes: its headroom differs); `commit` then imports all of
 * it, or nothing, in one transaction. A staged import not committed is discarded when another file
 * replaces it, when its upload fails, on `reset` and when the dialog closes (unmount): each
 * administrator may hold only a few.
 */
export function useStagedImport(organizationId: string) {
  const [phase, setPhase] = useState<ImportPhase>({ name: 'idle' });
  const [error, setError] = useState<string | null>(null);
  // The staged rows had no header line (read in the template's column order): the preview says so.
  const [headerless, setHeaderless] = useState(false);
  // The import staged on the server and not yet committed.
  const staged = useRef<string | null>(null);
  function discardStaged() {
    const importId = staged.current;
    staged.current = null;
    if (importId) void discardImportAction({ importId });
  }
  useEffect(() => discardStaged, []);

  // A staged import is previewed again for another organization: its headroom differs.
  // (The first preview is made by stage() itself; this one only follows a change of organization.)
  const stagedId = phase.name === 'ready' ? phase.importId : null;
  const previewedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!stagedId || previewedFor.current === organizationId) return;
    previewedFor.current = organizationId;
    let current = true;
    void previewImportAction({ importId: stagedId, organizationId }).then((res) => {
      if (!current) return;
      if (res.ok) setPhase({ name: 'ready', importId: stagedId, preview: res.data });
      else setError(res.message);
    });
    return () => {
      current = false;
    };
  }, [organizationId, stagedId]);

  function fail(message: string) {
    setError(message);
    setPhase({ name: 'idle' });
  }

  async function stage(outcome: ParseOutcome, fileName: string) {
    if (!outcome.ok) return fail(outcome.error);
    setHeaderless(outcome.headerless);
    const rows = rowsToStage(outcome);
    discardStaged();
    const started = await startImportAction({ organizationId, fileName, totalRows: rows.length });
    if (!started.ok) return fail(started.message);
    const importId = started.data.importId;
    staged.current = importId;
    let sent = 0;
    setPhase({ name: 'uploading', sent, total: rows.length });
    for (const chunk of chunkRows(rows)) {
      const res = await stageImportRowsAction({ importId, rows: chunk });
      if (!res.ok) {
        discardStaged();
        return fail(res.message);
      }
      sent += chunk.length;
      setPhase({ name: 'uploading', sent, total: rows.length });
    }
    setPhase({ name: 'previewing' });
    const preview = await previewImportAction({ importId, organizationId });
    previewedFor.current = organizationId;
    if (!preview.ok) return fail(preview.message);
    setPhase({ name: 'ready', importId, preview: preview.data });
  }

  /** A chosen file (at most 10 MB), read with `defaultCountry` for national phone numbers. */
  async function stageFile(file: File | undefined, defaultCountry: string) {
    setError(null);
    if (!file) return;
    if (file.size > IMPORT_MAX_BYTES) {
      setError(
        `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; an import takes at most 10 MB. Split it into smaller files.`,
      );
      return;
    }
    setPhase({ name: 'uploading', sent: 0, total: 0 });
    const bytes = new Uint8Array(await file.arrayBuffer());
    await stage(parseImportFile(bytes, { defaultCountry }), file.name);
  }

  /** Rows pasted from a spreadsheet, with their header line or without one (then in the template's order). */
  async function stagePasted(text: string, defaultCountry: string) {
    setError(null);
    if (!text.trim()) {
      setError('Paste the rows first.');
      return;
    }
    setPhase({ name: 'uploading', sent: 0, total: 0 });
    await stage(parseImportText(text, { defaultCountry }), 'pasted rows');
  }

  /** Import and Invite, into `organizationId` with the group chosen. */
  async function commit(permissionGroupId: string) {
    if (phase.name !== 'ready') return;
    setError(null);
    setPhase({ name: 'committing', importId: phase.importId, preview: phase.preview });
    const res = await commitImportAction({ importId: phase.importId, organizationId, permissionGroupId });
    if (!res.ok) {
      setError(res.message);
      // Still staged: the administrator may choose another organization and try again.
      setPhase({ name: 'ready', importId: phase.importId, preview: phase.preview });
      return;
    }
    // Committed: nothing to discard. The action revalidated the Accounts table behind the dialog.
    staged.current = null;
    setPhase({ name: 'done', result: res.data, message: res.message ?? '' });
  }

  /** Back to the start, the staged import (if any) discarded. */
  function reset() {
    discardStaged();
    setPhase({ name: 'idle' });
    setError(null);
  }

  return {
    phase,
    error,
    busy: phase.name === 'uploading' || phase.name === 'previewing' || phase.name === 'committing',
    /** The preview of the staged import, while it can be imported. */
    preview: phase.name === 'ready' || phase.name === 'committing' ? phase.preview : null,
    /** The staged import being previewed (its rows can be downloaded), while it can be imported. */
    importId: phase.name === 'ready' || phase.name === 'committing' ? phase.importId : null,
    headerless,
    stageFile,
    stagePasted,
    commit,
    reset,
  };
}
