'use client';

import { Dialog } from 'radix-ui';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { Button, buttonClasses } from '@/app/_components/ui/button';
import { FormAlert, FormField } from '@/app/_components/ui/form-field';
import { OrganizationOptions } from '@/app/_components/organization-options';
import type { AddAccountOptions } from '@/lib/accounts/add-account-options';
import type { ImportPreview, ImportResult } from '@/lib/import/commit-import';
import { chunkRows, rowsToStage } from '@/lib/import/import-schema';
import { IMPORT_MAX_BYTES, type ParseOutcome, parseImportFile, parseImportText } from '@/lib/import/parse-import';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { addAccountOptionsAction } from './actions';
import {
  commitImportAction,
  discardImportAction,
  previewImportAction,
  stageImportRowsAction,
  startImportAction,
} from './import-actions';

const inputClasses = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5';

type Phase =
  | { name: 'idle' }
  | { name: 'uploading'; sent: number; total: number }
  | { name: 'previewing' }
  | { name: 'ready'; importId: string; preview: ImportPreview }
  | { name: 'committing'; importId: string; preview: ImportPreview }
  | { name: 'done'; result: ImportResult; message: string };

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Add Account, tab "Multiple Accounts" (docs/product.md#add-account-multiple). The file (or the pasted
 * rows) is parsed here in the browser, then sent in chunks well under the request-body limit to a staged
 * import on the server, which validates every row again and previews the result against the database;
 * Import and Invite then commits all of it, or nothing, in one transaction.
 */
export function MultipleAccountsForm({
  organizations,
  defaultOrganizationId,
}: {
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
}) {
  const id = useId();
  const router = useRouter();
  const [organizationId, setOrganizationId] = useState(defaultOrganizationId);
  const [options, setOptions] = useState<AddAccountOptions | null>(null);
  const [groupId, setGroupId] = useState('');
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  // The import staged on the server and not yet committed: discarded when another file replaces
  // it, when its upload fails and when the dialog closes (each administrator may hold only a few).
  const staged = useRef<string | null>(null);
  function discardStaged() {
    const importId = staged.current;
    staged.current = null;
    if (importId) void discardImportAction({ importId });
  }
  useEffect(() => discardStaged, []);

  function chooseOrganization(next: string) {
    setOrganizationId(next);
    setOptions(null);
  }

  // The organization's groups (default preselected) and the tenant's country for reading phone numbers;
  // none while another organization's are loading (chooseOrganization clears them).
  useEffect(() => {
    let current = true;
    void addAccountOptionsAction({ organizationId }).then((res) => {
      if (!current) return;
      if (!res.ok) {
        setError(res.message);
        return;
      }
      setOptions(res.data);
      setGroupId(res.data.groups.find((g) => g.isDefault)?.id ?? res.data.groups[0]?.id ?? '');
    });
    return () => {
      current = false;
    };
  }, [organizationId]);

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

  async function stage(outcome: ParseOutcome, fileName: string) {
    if (!outcome.ok) {
      setError(outcome.error);
      setPhase({ name: 'idle' });
      return;
    }
    const rows = rowsToStage(outcome);
    discardStaged();
    const started = await startImportAction({ organizationId, fileName, totalRows: rows.length });
    if (!started.ok) {
      setError(started.message);
      setPhase({ name: 'idle' });
      return;
    }
    const importId = started.data.importId;
    staged.current = importId;
    let sent = 0;
    setPhase({ name: 'uploading', sent, total: rows.length });
    for (const chunk of chunkRows(rows)) {
      const res = await stageImportRowsAction({ importId, rows: chunk });
      if (!res.ok) {
        setError(res.message);
        discardStaged();
        setPhase({ name: 'idle' });
        return;
      }
      sent += chunk.length;
      setPhase({ name: 'uploading', sent, total: rows.length });
    }
    setPhase({ name: 'previewing' });
    const preview = await previewImportAction({ importId, organizationId });
    previewedFor.current = organizationId;
    if (!preview.ok) {
      setError(preview.message);
      setPhase({ name: 'idle' });
      return;
    }
    setPhase({ name: 'ready', importId, preview: preview.data });
  }

  async function onFile(file: File | undefined) {
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
    await stage(parseImportFile(bytes, { defaultCountry: options?.defaultCountry ?? 'US' }), file.name);
  }

  async function onPaste() {
    setError(null);
    if (!pasted.trim()) {
      setError('Paste the rows, with their header line, first.');
      return;
    }
    setPhase({ name: 'uploading', sent: 0, total: 0 });
    await stage(parseImportText(pasted, { defaultCountry: options?.defaultCountry ?? 'US' }), 'pasted rows');
  }

  async function onImport() {
    if (phase.name !== 'ready') return;
    setError(null);
    setPhase({ name: 'committing', importId: phase.importId, preview: phase.preview });
    const res = await commitImportAction({ importId: phase.importId, organizationId, permissionGroupId: groupId });
    if (!res.ok) {
      setError(res.message);
      // Still staged: the administrator may choose another organization and try again.
      setPhase({ name: 'ready', importId: phase.importId, preview: phase.preview });
      return;
    }
    staged.current = null;
    setPhase({ name: 'done', result: res.data, message: res.message ?? '' });
    router.refresh();
  }

  function reset() {
    discardStaged();
    setPhase({ name: 'idle' });
    setPasted('');
    setError(null);
    if (fileInput.current) fileInput.current.value = '';
  }

  const busy = phase.name === 'uploading' || phase.name === 'previewing' || phase.name === 'committing';
  const preview = phase.name === 'ready' || phase.name === 'committing' ? phase.preview : null;
  const blocked = preview?.blockedReason ?? (!groupId ? 'Choose User Permissions.' : null);

  if (phase.name === 'done') {
    return (
      <div className="space-y-4">
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-900">
          {phase.message}
        </p>
        <div className="flex justify-end gap-2">
          {phase.result.skipped > 0 && (
            <a
              href={`/accounts/import/${phase.result.importId}/skipped`}
              download
              className={buttonClasses('secondary')}
            >
              Download skipped rows
            </a>
          )}
          <Button onClick={reset}>Import another file</Button>
          <Dialog.Close className={buttonClasses('primary')}>Done</Dialog.Close>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        <a href="/accounts/import/template" download className="text-brand-600 underline">
          Download the .CSV template
        </a>{' '}
        — columns First Name, Last Name, Email, Device #. Its example row is never imported.
      </p>

      <div className="grid grid-cols-2 gap-3">
        <FormField id={`${id}-org`} label="Organization">
          {(control) => (
            <select
              className={inputClasses}
              value={organizationId}
              disabled={phase.name === 'committing'}
              onChange={(e) => chooseOrganization(e.target.value)}
              {...control}
            >
              <OrganizationOptions organizations={organizations} />
            </select>
          )}
        </FormField>
        <FormField id={`${id}-group`} label="User Permissions">
          {(control) => (
            <select
              className={inputClasses}
              value={groupId}
              disabled={!options || phase.name === 'committing'}
              onChange={(e) => setGroupId(e.target.value)}
              {...control}
            >
              {options?.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>

      <div>
        <label htmlFor={`${id}-file`} className="block text-sm font-medium">
          CSV file
        </label>
        <input
          id={`${id}-file`}
          ref={fileInput}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
          disabled={busy || !options}
          onChange={(e) => void onFile(e.target.files?.[0])}
          className="mt-1 block w-full text-sm"
        />
        <p className="mt-1 text-xs text-slate-600">
          Up to 50,000 rows and 10 MB. UTF-8 or Windows-1252; comma, semicolon or tab.
        </p>
      </div>

      <div>
        <label htmlFor={`${id}-paste`} className="block text-sm font-medium">
          Or paste rows from Excel
        </label>
        <textarea
          id={`${id}-paste`}
          rows={4}
          value={pasted}
          disabled={busy}
          onChange={(e) => setPasted(e.target.value)}
          placeholder={'First Name\tLast Name\tEmail\tDevice #\nJane\tDoe\tjane.doe@example.com\t'}
          className={`${inputClasses} font-mono text-xs`}
        />
        <div className="mt-1 flex justify-end">
          <Button onClick={() => void onPaste()} disabled={busy || !options}>
            Preview pasted rows
          </Button>
        </div>
      </div>

      {phase.name === 'uploading' && (
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
      )}
      {phase.name === 'previewing' && <p className="text-sm text-slate-600">Checking the rows against the portal…</p>}

      {preview && <PreviewPanel preview={preview} />}

      {phase.name === 'committing' && (
        <div>
          <label htmlFor={`${id}-commit`} className="block text-sm">
            Importing {fmt(phase.preview.importable)} accounts and queuing their invitations…
          </label>
          <progress id={`${id}-commit`} className="w-full" />
        </div>
      )}

      <FormAlert>{error}</FormAlert>

      <div className="flex items-center justify-end gap-2">
        {preview && blocked && (
          <p id={`${id}-blocked`} className="mr-auto text-sm text-red-700">
            {blocked}
          </p>
        )}
        <Dialog.Close className={buttonClasses('secondary')}>Cancel</Dialog.Close>
        <Button
          variant="primary"
          disabled={!preview || Boolean(blocked) || phase.name === 'committing'}
          aria-describedby={preview && blocked ? `${id}-blocked` : undefined}
          onClick={() => void onImport()}
        >
          Import and Invite
        </Button>
      </div>
    </div>
  );
}

function PreviewPanel({ preview }: { preview: ImportPreview }) {
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
