import { callAction } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { expect, test } from '../helpers/e2e/fixtures';
import { uniqueSuffix } from '../helpers/e2e/unique';

// "Select all N matching" on the Accounts table: after ticking a whole page, the selection extends to
// every account the search and filters match, and the bulk actions apply to all of them.

const ROWS = 30;

test('select all 30 matching: Suspend, Reinstate and Delete reach the rows beyond the page', async ({
  asAdmin,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const page = await asAdmin('acmeOwner');
  await page.goto('/accounts');
  const salesId = await page
    .getByLabel('Organization')
    .locator('option', { hasText: 'Sales (2001)' })
    .getAttribute('value');

  // Numbers for the 30 accounts' headroom, added as the owner would on the Numbers page.
  const owner = await playwright.request.newContext({ baseURL, storageState: storageStatePath('acmeOwner') });
  const first = `+1628${String(2_000_000 + Math.floor(Math.random() * 7_000_000)).padStart(7, '0')}`;
  const added = await callAction(
    owner,
    baseURL!,
    'addNumbersAction',
    [{ organizationId: salesId, tag: null, mode: 'range', first, count: ROWS + 5 }],
    '/numbers',
  );
  expect(added.body).toMatch(/35 numbers? added/);
  await owner.dispose();

  // 30 accounts imported into Sales, all with the suffix in their last name.
  await page.getByRole('button', { name: 'Add Account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Account' });
  await dialog.getByRole('tab', { name: 'Multiple Accounts' }).click();
  const organization = dialog.getByLabel('Organization');
  await organization.selectOption(salesId);
  await expect(dialog.getByLabel('User Permissions')).toHaveValue(/[0-9a-f-]{36}/);
  const rows = Array.from({ length: ROWS }, (_, i) => `Sel\tBulk${i}${suffix}\tsel.${i}.${suffix}@acme.test\t`);
  await dialog
    .getByLabel('Or paste rows from Excel')
    .fill(['First Name\tLast Name\tEmail\tDevice #', ...rows].join('\n'));
  await dialog.getByRole('button', { name: 'Preview pasted rows' }).click();
  await dialog.getByRole('button', { name: 'Import and Invite' }).click();
  await expect(dialog.getByRole('status')).toHaveText(`${ROWS} accounts imported and invited, 0 skipped.`);
  await page.keyboard.press('Escape');

  await page.goto(`/accounts?q=${suffix}&size=25`);
  const table = page.getByRole('table', { name: 'Accounts' });
  await expect(table.getByRole('row')).toHaveCount(26);
  const toolbar = page.getByRole('toolbar', { name: 'Account actions' });
  const status = page.getByRole('status').filter({ hasText: /account/ });

  await page.getByRole('checkbox', { name: 'Select all accounts on this page' }).check();
  await expect(page.getByText('All 25 accounts on this page are selected.')).toBeVisible();
  await page.getByRole('button', { name: `Select all ${ROWS} matching` }).click();
  await expect(page.getByText(`All ${ROWS} accounts matching the search and filters are selected.`)).toBeVisible();
  await expect(toolbar).toContainText(`${ROWS} selected`);

  await toolbar.getByRole('button', { name: 'Suspend' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Suspend ${ROWS} accounts?` });
  await confirm.getByRole('button', { name: 'Suspend accounts' }).click();
  await expect(status).toHaveText(`${ROWS} accounts suspended.`);

  await page.goto(`/accounts?q=${suffix}&status=suspended&size=25`);
  await page.getByRole('checkbox', { name: 'Select all accounts on this page' }).check();
  await page.getByRole('button', { name: `Select all ${ROWS} matching` }).click();
  await toolbar.getByRole('button', { name: 'Reinstate' }).click();
  await expect(status).toHaveText(`${ROWS} accounts reinstated (Not invited: Send Invite to invite them).`);

  await page.goto(`/accounts?q=${suffix}&size=25`);
  await page.getByRole('checkbox', { name: 'Select all accounts on this page' }).check();
  await page.getByRole('button', { name: `Select all ${ROWS} matching` }).click();
  await toolbar.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('alertdialog', { name: `Delete ${ROWS} accounts?` })
    .getByRole('button', { name: 'Delete accounts' })
    .click();
  await expect(status).toHaveText(`${ROWS} accounts deleted.`);

  // Only the matching accounts were touched.
  await page.goto('/accounts?q=ada%20lovelace');
  await expect(page.getByRole('table', { name: 'Accounts' })).toContainText('Ada Lovelace');
});

test('all matching sent by another tenant reaches nothing, and an unreadable filter is refused', async ({
  playwright,
  baseURL,
}) => {
  const globex = await playwright.request.newContext({ baseURL, storageState: storageStatePath('globexOwner') });
  const suspended = await callAction(globex, baseURL!, 'suspendAccountsAction', [
    { matching: { q: 'ada lovelace' }, expected: 10 },
  ]);
  expect(suspended.body).toContain('0 accounts suspended.');
  const widened = await callAction(globex, baseURL!, 'deleteAccountsAction', [
    { matching: { status: 'everything' }, expected: 10 },
  ]);
  expect(widened.body).toContain('Some of the values are not valid.');
  expect(widened.body).not.toContain('deleted.');
  await globex.dispose();
});
