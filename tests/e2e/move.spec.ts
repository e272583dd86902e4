import type { Locator, Page } from '../helpers/e2e/test';
import { callAction } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { expect, test } from '../helpers/e2e/fixtures';

// Move (docs/product.md#move) on the Accounts selection, on accounts these tests create themselves.

const NOT_ENOUGH = 'Unable to move account(s). You do not have enough numbers available in the selected organization';

/** Adds and invites an account without a number in the administrator's own organization; returns its email. */
async function addPendingAccount(page: Page, firstName: string, lastName: string): Promise<string> {
  const email = `${firstName}.${lastName}@acme.test`.toLowerCase();
  await page.goto('/accounts');
  await page.getByRole('button', { name: 'Add Account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Account' });
  await dialog.getByLabel('First Name').fill(firstName);
  await dialog.getByLabel('Last Name').fill(lastName);
  await dialog.getByLabel('Email or Device #').fill(email);
  await expect(dialog.getByLabel('User Permissions')).toHaveValue(/.+/);
  await dialog.getByRole('button', { name: 'Invite' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(`${firstName} ${lastName} was added and invited.`);
  return email;
}

async function openMoveDialog(page: Page, name: string) {
  await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  await page
    .getByRole('toolbar', { name: 'Account actions' })
    .getByRole('button', { name: 'Move', exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Move 1 account' });
  await expect(dialog.getByLabel('Organization').locator('option', { hasText: 'Sales' })).toHaveCount(1);
  return dialog;
}

async function optionValue(scope: Page | Locator, label: string, text: string): Promise<string> {
  const value = await scope.getByLabel(label).locator('option', { hasText: text }).first().getAttribute('value');
  expect(value).toMatch(/^[0-9a-f-]{36}$/);
  return value!;
}

test.describe('Move', () => {
  test('an unnumbered Pending account: refused where numbers lack, with the documented message; moved where there are', async ({
    asAdmin,
  }) => {
    const page = await asAdmin('acmeOwner');
    const unique = Date.now().toString(36);
    const lastName = `Mover${unique}`;
    const email = await addPendingAccount(page, 'Mona', lastName);
    await page.goto(`/accounts?q=${encodeURIComponent(email)}`);
    const row = page.getByRole('row', { name: new RegExp(`Mona ${lastName}`) });
    await expect(row).toContainText('Acme Corp (2000)');
    await expect(row).toContainText('Pending');

    const dialog = await openMoveDialog(page, `Mona ${lastName}`);
    const organization = dialog.getByLabel('Organization');
    // Not the source: the whole selection is in Acme Corp.
    await expect(organization.locator('option', { hasText: 'Acme Corp' })).toHaveCount(0);

    // Support EMEA has no numbers: the button is disabled, and says why on hover.
    await organization.selectOption(await optionValue(dialog, 'Organization', 'Support EMEA'));
    await expect(dialog.getByLabel('User Permissions').locator('option:checked')).toHaveText(
      'default cos for org 2003',
    );
    const move = dialog.getByRole('button', { name: 'Move', exact: true });
    await expect(move).toHaveAttribute('aria-disabled', 'true');
    await expect(move).toHaveAccessibleDescription(NOT_ENOUGH);
    await expect(dialog.getByRole('tooltip')).toBeHidden();
    await move.hover();
    await expect(dialog.getByRole('tooltip')).toBeVisible();
    await expect(dialog.getByRole('tooltip')).toHaveText(NOT_ENOUGH);
    // A click does nothing (forced: Playwright itself treats aria-disabled as disabled).
    await move.click({ force: true });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('alert')).toHaveText('');
    // Keyboard users get the tooltip on focus too.
    await dialog.getByRole('button', { name: 'Cancel' }).focus();
    await expect(dialog.getByRole('tooltip')).toBeHidden();
    await page.keyboard.press('Tab');
    await expect(move).toBeFocused();
    await expect(dialog.getByRole('tooltip')).toHaveText(NOT_ENOUGH);

    // Sales has numbers: moved, and the row shows the new organization and group.
    await organization.selectOption(await optionValue(dialog, 'Organization', 'Sales'));
    await expect(dialog.getByLabel('User Permissions').locator('option:checked')).toHaveText(
      'default cos for org 2001',
    );
    await expect(move).not.toHaveAttribute('aria-disabled', 'true');
    await expect(dialog.getByRole('tooltip')).toHaveCount(0);
    await move.click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status')).toHaveText('1 account moved to Sales.');
    await expect(row).toContainText('Sales (2001)');
    await expect(row).toContainText('default cos for org 2001');
    await expect(row).toContainText('Pending');
    await page.reload();
    await expect(page.getByRole('row', { name: new RegExp(`Mona ${lastName}`) })).toContainText('Sales (2001)');
  });

  test('called directly by another tenant’s owner or a sibling organization’s admin, it changes and reveals nothing', async ({
    asAdmin,
    playwright,
    baseURL,
  }) => {
    const acme = await asAdmin('acmeOwner');
    const unique = Date.now().toString(36);
    const lastName = `Stayput${unique}`;
    const email = await addPendingAccount(acme, 'Sol', lastName);
    await acme.goto(`/accounts?q=${encodeURIComponent(email)}`);
    const solId = await acme.getByRole('checkbox', { name: `Select Sol ${lastName}` }).getAttribute('value');
    expect(solId).toMatch(/^[0-9a-f-]{36}$/);
    const salesOrg = await optionValue(acme, 'Organization', 'Sales');
    const supportOrg = await optionValue(acme, 'Organization', 'Support (2002)');
    const row = acme.getByRole('row', { name: new RegExp(`Sol ${lastName}`) });
    await expect(row).toContainText('Acme Corp (2000)');

    // Globex's owner: into Globex, the Acme account is not found; into an Acme organization, nothing is.
    const globex = await playwright.request.newContext({ baseURL, storageState: storageStatePath('globexOwner') });
    const globexPage = await asAdmin('globexOwner');
    await globexPage.goto('/accounts');
    const globexOrg = await optionValue(globexPage, 'Organization', 'Globex');
    const options = await callAction(globex, baseURL!, 'moveOptionsAction', [{ ids: [solId] }]);
    expect(options.body).not.toMatch(/Acme|Sales|Support|default cos for org 200/);
    const globexGroup = /"id":"([0-9a-f-]{36})","name":"default cos for org 3000"/.exec(options.body)?.[1];
    expect(globexGroup, options.body).toBeTruthy();
    const intoGlobex = await callAction(globex, baseURL!, 'moveAccountsAction', [
      { selection: { ids: [solId] }, organizationId: globexOrg, permissionGroupId: globexGroup },
    ]);
    expect(intoGlobex.body).toContain('0 accounts moved to Globex, 1 not found.');
    expect(intoGlobex.body).not.toContain(lastName);
    const intoAcme = await callAction(globex, baseURL!, 'moveAccountsAction', [
      { selection: { ids: [solId] }, organizationId: salesOrg, permissionGroupId: globexGroup },
    ]);
    expect(intoAcme.body).toContain('The organization was not found.');
    expect(intoAcme.body).not.toMatch(/Sales|Acme/);
    await globex.dispose();

    // The Sales admin: Sol is in Acme Corp (above Sales), and Support is a sibling: neither is in scope.
    const sales = await playwright.request.newContext({ baseURL, storageState: storageStatePath('salesAdmin') });
    const intoSupport = await callAction(sales, baseURL!, 'moveAccountsAction', [
      { selection: { ids: [solId] }, organizationId: supportOrg, permissionGroupId: globexGroup },
    ]);
    expect(intoSupport.body).toContain('The organization was not found.');
    const salesOptions = await callAction(sales, baseURL!, 'moveOptionsAction', [{ ids: [solId] }]);
    const salesGroup = /"id":"([0-9a-f-]{36})","name":"default cos for org 2001"/.exec(salesOptions.body)?.[1];
    expect(salesGroup, salesOptions.body).toBeTruthy();
    expect(salesOptions.body).not.toMatch(/Support|Acme Corp|default cos for org 2000/);
    const intoSales = await callAction(sales, baseURL!, 'moveAccountsAction', [
      { selection: { ids: [solId] }, organizationId: salesOrg, permissionGroupId: salesGroup },
    ]);
    expect(intoSales.body).toContain('0 accounts moved to Sales, 1 not found.');
    expect(intoSales.body).not.toContain(lastName);
    await sales.dispose();

    await acme.reload();
    // Still where it was, in its group (the delivery state may have moved on meanwhile).
    await expect(row).toContainText('Acme Corp (2000)');
    await expect(row).toContainText('default cos for org 2000');
  });
});
