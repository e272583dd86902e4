'use server';

import { after } from 'next/server';
import { appBaseUrl } from '@/lib/app-url';
import { adminAction } from '@/lib/auth/admin-action';
import { invalid } from '@/lib/errors';
import { commitImport } from '@/lib/import/commit-import';
import { previewImport } from '@/lib/import/preview-import';
import {
  commitImportSchema,
  discardImportSchema,
  previewImportSchema,
  stageRowsSchema,
  startImportSchema,
} from '@/lib/import/import-schema';
import { discardImport, stageImportRows, startImport } from '@/lib/import/stage-import';
import { drainSoon } from '@/lib/outbox/triggers';
import { revalidateChanged } from '../revalidate';

/**
 * Multiple Accounts (docs/product.md#add-account-multiple): start a staged import for an organization in
 * scope.
 */
export const startImportAction = adminAction(startImportSchema, async (input, { admin, db }) => {
  const started = await startImport(db, admin, input);
  if (!started) throw invalid({ organizationId: ['Choose an organization.'] });
  return { ok: true, data: started };
});

/** One chunk of the parsed rows; the server validates each row again. */
export const stageImportRowsAction = adminAction(stageRowsSchema, async (input, { admin, db }) => ({
  ok: true,
  data: await stageImportRows(db, admin, input),
}));

/** Counts, skipped rows with reasons (also rows that already exist) and the headroom; changes nothing. */
export const previewImportAction = adminAction(previewImportSchema, async (input, { admin, db }) => ({
  ok: true,
  data: await previewImport(db, admin, input),
}));

/** Import and Invite: every valid row, or none, in one transaction. */
export const commitImportAction = adminAction(commitImportSchema, async (input, { admin, db, meta }) => {
  const result = await commitImport(db, admin, meta, input, { baseUrl: appBaseUrl() });
  if (result.imported > 0) after(drainSoon);
  revalidateChanged('accounts');
  return {
    ok: true,
    data: result,
    message: `${result.imported.toLocaleString('en-US')} ${result.imported === 1 ? 'account' : 'accounts'} imported and invited, ${result.skipped.toLocaleString('en-US')} skipped.`,
  };
});

/**
 * Drops the administrator's own import in progress: another file replaces it, its upload failed, or
 * the dialog closed. Staged imports count against a cap per administrator, so none is left behind.
 */
export const discardImportAction = adminAction(discardImportSchema, async ({ importId }, { admin, db }) => ({
  ok: true,
  data: { discarded: await discardImport(db, admin, importId) },
}));
