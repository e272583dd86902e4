import { readFileSync } from 'node:fs';
import type { Locator, Page } from '../helpers/e2e/test';
import { callAction } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { csvFixturePath } from '../helpers/fixtures';
import { expect, test } from '../helpers/e2e/fixtures';

async function openMultipleAccounts(page: Page): Promise<Locator> {
  await page.goto('/accounts');
  await page.getByRole('button', { name: 'Add Account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Account' });
  await dialog.getByRole('tab', { name: 'Multiple Accounts' }).click();
  return dialog;
}

async function chooseOrganization(dialog: Locator, label: string) {
  const select = dialog.getByLabel('Organization');
  const value = await select.locator('option', { hasText: label }).getAttribute('value');
  await select.selectOption(value);
  // The organization's groups arrive; the default is preselected.
  await expect(dialog.getByLabel('User Permissions')).toHaveValue(/[0-9a-f-]{36}/);
}

test.describe('Add Account, Multiple Accounts', () => {
  test('the template downloads with the four columns and its example row', async ({ asAdmin }) => {
    const page = await asAdmin('acmeOwner');
    const dialog = await openMultipleAccounts(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download the .CSV template' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.startsWith('\ufeffFirst Name,Last Name,Email,Device #\r\n')).toBe(true);
    expect(text).toContain('Jane,Doe,jane.doe@example.com');
  });

  test('a mixed file: preview with reasons, Import and Invite, rows Pending in Sales, skipped rows downloaded', async ({
    asAdmin,
  }) => {
    const page = await asAdmin('acmeOwner');
    const dialog = await openMultipleAccounts(page);
    await chooseOrganization(dialog, 'Sales (2001)');
    await dialog.getByLabel('CSV file').setInputFiles(csvFixturePath('mixed-errors.csv'));

    const preview = dialog.getByRole('region', { name: 'Preview' });
    await expect(preview).toContainText('2 rows to import, 5 skipped.');
    const skipped = preview.getByRole('table', { name: 'Skipped rows' });
    await expect(skipped.getByRole('row')).toHaveCount(6);
    await expect(skipped.getByRole('row', { name: /^3 / })).toContainText(
      'First Name and Last Name are both required.',
    );
    await expect(skipped.getByRole('row', { name: /^4 / })).toContainText('Not a valid email address.');
    await expect(skipped.getByRole('row', { name: /^6 / })).toContainText('Duplicate in the file: line 2');
    await expect(skipped.getByRole('row', { name: /^7 / })).toContainText('scientific notation');

    await dialog.getByRole('button', { name: 'Import and Invite' }).click();
    await expect(dialog.getByRole('status')).toHaveText('2 accounts imported and invited, 5 skipped.');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download skipped rows' }).click(),
    ]);
    const skippedCsv = readFileSync(await download.path(), 'utf8');
    expect(skippedCsv).toContain('Reason');
    expect(skippedCsv).toContain('not-an-email');
    expect(skippedCsv.trim().split('\r\n')).toHaveLength(6);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.goto('/accounts?q=gina.green');
    const row = page.getByRole('row', { name: /Gina Green/ });
    await expect(row).toContainText('Sales');
    await expect(row).toContainText('Pending');
    await page.goto('/accounts?q=liam.lee');
    await expect(page.getByRole('row', { name: /Liam Lee/ })).toContainText('Pending');
  });

  test('rows pasted from Excel (tab-separated) import', async ({ asAdmin }) => {
    const page = await asAdmin('acmeOwner');
    const dialog = await openMultipleAccounts(page);
    await chooseOrganization(dialog, 'Sales (2001)');
    await dialog.getByLabel('Or paste rows from Excel').fill(readFileSync(csvFixturePath('excel-paste.tsv'), 'utf8'));
    await dialog.getByRole('button', { name: 'Preview pasted rows' }).click();
    await expect(dialog.getByRole('region', { name: 'Preview' })).toContainText('2 rows to import, 0 skipped.');
    await dialog.getByRole('button', { name: 'Import and Invite' }).click();
    await expect(dialog.getByRole('status')).toHaveText('2 accounts imported and invited, 0 skipped.');
    await expect(dialog.getByRole('link', { name: 'Download skipped rows' })).toHaveCount(0);
    await page.goto('/accounts?q=diego.diaz');
    await expect(page.getByRole('row', { name: /Diego Diaz/ })).toContainText('Pending');
  });

  test('an import into an organization without enough numbers is refused whole', async ({ asAdmin }) => {
    const page = await asAdmin('acmeOwner');
    const dialog = await openMultipleAccounts(page);
    await chooseOrganization(dialog, 'Support EMEA (2003)');
    await dialog
      .getByLabel('Or paste rows from Excel')
      .fill('First Name\tLast Name\tEmail\nEmma\tEmea\temma.emea@example.com\nOtto\tEmea\totto.emea@example.com\n');
    await dialog.getByRole('button', { name: 'Preview pasted rows' }).click();
    await expect(dialog.getByRole('region', { name: 'Preview' })).toContainText('2 rows to import, 0 skipped.');
    const importButton = dialog.getByRole('button', { name: 'Import and Invite' });
    await expect(importButton).toBeDisabled();
    const reason =
      'Unable to import accounts. You do not have enough numbers available in the selected organization (2 needed, 0 available: 2 short).';
    await expect(dialog.getByText(reason)).toBeVisible();
    await expect(importButton).toHaveAccessibleDescription(reason);
    await page.goto('/accounts?q=emea.com');
    await expect(page.getByRole('row', { name: /Emma Emea/ })).toHaveCount(0);
  });

  test('called directly by another tenant’s owner, the import actions touch nothing of Acme', async ({
    asAdmin,
    playwright,
    baseURL,
  }) => {
    const acme = await asAdmin('acmeOwner');
    const dialog = await openMultipleAccounts(acme);
    const sales = await dialog
      .getByLabel('Organization')
      .locator('option', { hasText: 'Sales (2001)' })
      .getAttribute('value');

    const globex = await playwright.request.newContext({ baseURL, storageState: storageStatePath('globexOwner') });
    const start = await callAction(globex, baseURL!, 'startImportAction', [
      { organizationId: sales, fileName: 'intrusion.csv', totalRows: 1 },
    ]);
    expect(start.body).toContain('Choose an organization.');
    expect(start.body).not.toContain('Sales');
    const commit = await callAction(globex, baseURL!, 'commitImportAction', [
      { importId: crypto.randomUUID(), organizationId: sales, permissionGroupId: crypto.randomUUID() },
    ]);
    expect(commit.body).toContain('This import was not found');
    const download = await globex.get(`/accounts/import/${crypto.randomUUID()}/skipped`);
    expect(download.status()).toBe(404);
    await globex.dispose();
  });
});
