import { readFileSync } from 'node:fs';
import type { Locator, Page } from '../helpers/e2e/test';
import { callAction } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { csvFixturePath } from '../helpers/fixtures';
import { uniqueSuffix } from '../helpers/e2e/unique';
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

  test('rows pasted without a header line: read in the template order, both lists downloaded before Import and Invite', async ({
    asAdmin,
  }) => {
    // A paste, a preview, two downloads and a commit: longer than one step on a busy machine.
    test.setTimeout(60_000);
    const page = await asAdmin('acmeOwner');
    const dialog = await openMultipleAccounts(page);
    await chooseOrganization(dialog, 'Sales (2001)');
    const tag = uniqueSuffix();
    await dialog
      .getByLabel('Or paste rows from Excel')
      .fill(
        `Hana\tHill\thana.${tag}@example.com\t\nIvo\tIves\tivo.${tag}@example.com\t\nJo\t\tjo.${tag}@example.com\t\n`,
      );
    await dialog.getByRole('button', { name: 'Preview pasted rows' }).click();

    const preview = dialog.getByRole('region', { name: 'Preview' });
    await expect(preview).toContainText('No header line: columns read as First Name, Last Name, Email, Device #.');
    await expect(preview).toContainText('2 rows to import, 1 skipped.');
    const valid = preview.getByRole('table', { name: 'Valid rows' });
    await expect(valid.getByRole('row')).toHaveCount(3);
    await expect(valid.getByRole('row', { name: /^1 Hana Hill/ })).toContainText(`hana.${tag}@example.com`);
    await expect(valid.getByRole('row', { name: /^2 Ivo Ives/ })).toBeVisible();
    const skipped = preview.getByRole('table', { name: 'Skipped rows' });
    await expect(skipped.getByRole('row', { name: /^3 / })).toContainText(
      'First Name and Last Name are both required.',
    );

    const [validDownload] = await Promise.all([
      page.waitForEvent('download'),
      preview.getByRole('link', { name: 'Download valid rows' }).click(),
    ]);
    const validText = readFileSync(await validDownload.path(), 'utf8');
    expect(validText.startsWith('\ufeff')).toBe(true);
    const validCsv = validText.slice(1).trimEnd().split('\r\n');
    expect(validCsv).toEqual([
      'First Name,Last Name,Email,Device #,Line',
      `Hana,Hill,hana.${tag}@example.com,,1`,
      `Ivo,Ives,ivo.${tag}@example.com,,2`,
    ]);
    const [skippedDownload] = await Promise.all([
      page.waitForEvent('download'),
      preview.getByRole('link', { name: 'Download skipped rows' }).click(),
    ]);
    const skippedText = readFileSync(await skippedDownload.path(), 'utf8');
    expect(skippedText.startsWith('\ufeff')).toBe(true);
    const skippedCsv = skippedText.slice(1).trimEnd().split('\r\n');
    expect(skippedCsv).toEqual([
      'First Name,Last Name,Email,Device #,Line,Reason',
      `Jo,,jo.${tag}@example.com,,3,First Name and Last Name are both required.`,
    ]);

    await dialog.getByRole('button', { name: 'Import and Invite' }).click();
    await expect(dialog.getByRole('status')).toHaveText('2 accounts imported and invited, 1 skipped.');
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
