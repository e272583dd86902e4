'use client';

import { Dialog } from 'radix-ui';
import { useId, useState } from 'react';
import { Button, buttonClasses } from '@/app/_components/ui/button';
import { FormAlert } from '@/app/_components/ui/form-field';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { PreviewPanel } from './import-preview-panel';
import { ImportDone, ImportProgress } from './import-progress';
import { DestinationFields, ImportSource } from './import-fields';
import { preferredGroupId, useAddAccountOptions } from './use-add-account-options';
import { useStagedImport } from './use-staged-import';

/**
 * Add Account, tab "Multiple Accounts" (docs/product.md#add-account-multiple). The file (or the pasted
 * rows) is parsed here in the browser and staged on the server (use-staged-import.ts), which validates
 * every row again and previews the result against the database; Import and Invite then commits all of
 * it, or nothing, in one transaction.
 */
export function MultipleAccountsForm({
  organizations,
  defaultOrganizationId,
}: {
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
}) {
  const id = useId();
  const [organizationId, setOrganizationId] = useState(defaultOrganizationId);
  const [groupId, setGroupId] = useState('');
  // The organization's groups (default preselected) and the tenant's country for reading phone numbers.
  const { options, error: optionsError } = useAddAccountOptions(organizationId, '', (loaded) =>
    setGroupId(preferredGroupId(loaded)),
  );
  const { phase, error, busy, preview, importId, headerless, stageFile, stagePasted, commit, reset } =
    useStagedImport(organizationId);
  const country = options?.defaultCountry ?? 'US';
  const committing = phase.name === 'committing';
  const blocked = preview?.blockedReason ?? (!groupId ? 'Choose User Permissions.' : null);

  if (phase.name === 'done') {
    // "Import another file" starts again with an empty form: the file and pasted rows were unmounted meanwhile.
    return <ImportDone phase={phase} onAnother={reset} />;
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        <a href="/accounts/import/template" download className="text-brand-600 underline">
          Download the .CSV template
        </a>{' '}
        — columns First Name, Last Name, Email, Device #. Its example row is never imported.
      </p>

      <DestinationFields
        organizations={organizations}
        organizationId={organizationId}
        onOrganization={setOrganizationId}
        groups={options?.groups}
        groupId={groupId}
        onGroup={setGroupId}
        locked={committing}
      />

      <ImportSource
        busy={busy}
        ready={Boolean(options)}
        onFile={(file) => void stageFile(file, country)}
        onPaste={(text) => void stagePasted(text, country)}
      />

      {preview && importId && <PreviewPanel importId={importId} preview={preview} headerless={headerless} />}
      <ImportProgress phase={phase} />

      <FormAlert>{error ?? optionsError}</FormAlert>

      <div className="flex items-center justify-end gap-2">
        {preview && blocked && (
          <p id={`${id}-blocked`} className="mr-auto text-sm text-red-700">
            {blocked}
          </p>
        )}
        <Dialog.Close className={buttonClasses('secondary')}>Cancel</Dialog.Close>
        <Button
          variant="primary"
          disabled={!preview || Boolean(blocked) || committing}
          aria-describedby={preview && blocked ? `${id}-blocked` : undefined}
          onClick={() => void commit(groupId)}
        >
          Import and Invite
        </Button>
      </div>
    </div>
  );
}
