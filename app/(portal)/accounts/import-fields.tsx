'use client';

import { useId, useState } from 'react';
import { OrganizationOptions } from '@/app/_components/organization-options';
import { Button } from '@/app/_components/ui/button';
import { FormField } from '@/app/_components/ui/form-field';
import type { AddAccountOptions } from '@/lib/accounts/add-account-options';
import { IMPORT_COLUMNS } from '@/lib/import/import-csv-files';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';

// The Multiple Accounts tab's fields (multiple-accounts-form.tsx).

const inputClasses = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5';

/**
 * Where the rows come from: a CSV file, or rows pasted from Excel; with a header line, or without one
 * (then read in the template's column order).
 */
export function ImportSource({
  busy,
  ready,
  onFile,
  onPaste,
}: {
  /** An import is uploading, previewing or committing. */
  busy: boolean;
  /** The organization's options have arrived (phone numbers are read in the tenant's country). */
  ready: boolean;
  onFile: (file: File | undefined) => void;
  onPaste: (text: string) => void;
}) {
  const id = useId();
  const [pasted, setPasted] = useState('');
  return (
    <>
      <div>
        <label htmlFor={`${id}-file`} className="block text-sm font-medium">
          CSV file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
          disabled={busy || !ready}
          aria-describedby={`${id}-format`}
          onChange={(e) => onFile(e.target.files?.[0])}
          className="mt-1 block w-full text-sm"
        />
        <p id={`${id}-format`} className="mt-1 text-xs text-slate-600">
          Up to 50,000 rows and 10 MB. UTF-8 or Windows-1252; comma, semicolon or tab. With a header line, or without
          one: then the columns are read in the template&apos;s order, {IMPORT_COLUMNS.join(', ')}.
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
          aria-describedby={`${id}-format`}
          onChange={(e) => setPasted(e.target.value)}
          placeholder={'First Name\tLast Name\tEmail\tDevice #\nJane\tDoe\tjane.doe@example.com\t'}
          className={`${inputClasses} font-mono text-xs`}
        />
        <div className="mt-1 flex justify-end">
          <Button onClick={() => onPaste(pasted)} disabled={busy || !ready}>
            Preview pasted rows
          </Button>
        </div>
      </div>
    </>
  );
}

/** The organization the rows go to, and their User Permissions group (none until the organization's arrive). */
export function DestinationFields({
  organizations,
  organizationId,
  onOrganization,
  groups,
  groupId,
  onGroup,
  locked,
}: {
  organizations: OrganizationOption[];
  organizationId: string;
  onOrganization: (id: string) => void;
  groups: AddAccountOptions['groups'] | undefined;
  groupId: string;
  onGroup: (id: string) => void;
  /** While the import commits. */
  locked: boolean;
}) {
  const id = useId();
  return (
    <div className="grid grid-cols-2 gap-3">
      <FormField id={`${id}-org`} label="Organization">
        {(control) => (
          <select
            className={inputClasses}
            value={organizationId}
            disabled={locked}
            onChange={(e) => onOrganization(e.target.value)}
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
            disabled={!groups || locked}
            onChange={(e) => onGroup(e.target.value)}
            {...control}
          >
            {groups?.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
    </div>
  );
}
