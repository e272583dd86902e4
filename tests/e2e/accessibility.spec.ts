import type { Locator, Page } from '../helpers/e2e/test';
import { expect, test } from '../helpers/e2e/fixtures';
import { escapeReturnsFocus, openWithKeyboard, tabTo } from '../helpers/e2e/keyboard';
import { openNewestMessage } from '../helpers/e2e/mailbox';
import { uniqueSuffix } from '../helpers/e2e/unique';

// Every page and dialog passes axe-core (docs/product.md#accessibility), checked here state by state
// with the dialogs open; and the main flows work with the keyboard alone. The automatic check of
// tests/helpers/e2e/test.ts covers every other spec's pages as well.

type CheckPage = (page: Page, state: string) => Promise<void>;

/** Opens a dialog with the keyboard, checks it with axe-core, and closes it with Escape. */
async function checkDialog(checkPage: CheckPage, trigger: Locator, dialog: Locator, state: string) {
  const page = trigger.page();
  await openWithKeyboard(page, trigger, dialog);
  await checkPage(page, `with ${state} open`);
  await escapeReturnsFocus(page, dialog, trigger);
}

/** Selects a table row's checkbox with the keyboard (focus, Space). */
async function selectRow(page: Page, checkbox: Locator) {
  await checkbox.focus();
  await page.keyboard.press('Space');
  await expect(checkbox).toBeChecked();
}

test.describe('Accessibility', () => {
  // Each state is checked below, by name; the automatic check would only scan them a second time.
  test.use({ checkAccessibility: false });

  test('every portal page passes axe-core', async ({ asAdmin, checkPage }) => {
    test.slow();
    const page = await asAdmin('acmeOwner');
    const pages = [
      ['/dashboard', 'Dashboard'],
      ['/accounts', 'Accounts'],
      ['/organizations', 'Organizations'],
      ['/numbers', 'Numbers'],
      ['/administrators', 'Administrators'],
      ['/activity', 'Activity'],
      ['/profile', 'Your profile'],
      ['/dev/mailbox', 'Development mailbox'],
      ['/no-such-page', 'Page not found'],
    ] as const;
    for (const [path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await checkPage(page, 'loaded');
    }
    // An administrator who is not an owner sees less (no Add numbers, fewer organizations).
    const sales = await asAdmin('salesAdmin');
    await sales.goto('/numbers');
    await checkPage(sales, 'loaded by an admin of Sales');
  });

  test('the public pages pass axe-core, and signing in works with the keyboard alone', async ({ page, checkPage }) => {
    await page.goto('/activate/this-is-not-a-real-token');
    await checkPage(page, 'an unknown activation link');
    await page.goto(`/activate/admin/${'x'.repeat(43)}`);
    await checkPage(page, 'an unknown set-password link');

    await page.goto('/sign-in');
    await checkPage(page, 'loaded');
    await tabTo(page, page.getByLabel('Email'));
    await page.keyboard.type('owner@acme.test');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toHaveText('The email or password is incorrect.');
    await expect(page.getByRole('button', { name: 'Signing in…' })).toHaveCount(0);
    await checkPage(page, 'refusing a wrong password');

    await tabTo(page, page.getByLabel('Email'));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('owner@acme.test');
    await tabTo(page, page.getByLabel('Password'));
    await page.keyboard.type('multiline-demo');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/dashboard$/);
    await checkPage(page, 'signed in');
  });

  test('Add Account with the keyboard alone, both tabs checked, then Move and Delete on the new account', async ({
    asAdmin,
    checkPage,
  }) => {
    test.slow();
    const page = await asAdmin('acmeOwner');
    const lastName = `Keyboard${uniqueSuffix()}`;
    const email = `kim.${lastName}@acme.test`.toLowerCase();
    await page.goto('/accounts');
    const addAccount = page.getByRole('button', { name: 'Add Account' });
    const dialog = page.getByRole('dialog', { name: 'Add Account' });
    await openWithKeyboard(page, addAccount, dialog);
    await expect(dialog.getByRole('tab', { name: 'Single Account' })).toBeFocused();
    await checkPage(page, 'with Add Account open on Single Account');

    // The tabs follow the arrow keys.
    await page.keyboard.press('ArrowRight');
    await expect(dialog.getByRole('tab', { name: 'Multiple Accounts' })).toHaveAttribute('aria-selected', 'true');
    await checkPage(page, 'with Add Account open on Multiple Accounts');
    await page.keyboard.press('ArrowLeft');
    await expect(dialog.getByRole('tab', { name: 'Single Account' })).toHaveAttribute('aria-selected', 'true');

    // Enter in an empty form: the errors show by their fields, and pass axe-core too.
    const invite = dialog.getByRole('button', { name: 'Invite' });
    await expect(invite).toBeEnabled();
    await tabTo(page, dialog.getByLabel('First Name'));
    await page.keyboard.press('Enter');
    await expect(dialog.getByLabel('First Name')).toHaveAccessibleDescription('Enter the first name.');
    await checkPage(page, 'with Add Account showing field errors');

    await dialog.getByLabel('First Name').focus();
    await page.keyboard.type('Kim');
    await tabTo(page, dialog.getByLabel('Last Name'));
    await page.keyboard.type(lastName);
    await tabTo(page, dialog.getByLabel('Email or Device #'));
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status')).toHaveText(`Kim ${lastName} was added and invited.`);
    await expect(addAccount).toBeFocused();
    await checkPage(page, 'announcing the new account');

    // Move and Delete on the selection: opened, checked and closed with the keyboard.
    await page.goto(`/accounts?q=${encodeURIComponent(email)}`);
    await selectRow(page, page.getByRole('checkbox', { name: `Select Kim ${lastName}` }));
    const toolbar = page.getByRole('toolbar', { name: 'Account actions' });
    const move = toolbar.getByRole('button', { name: 'Move', exact: true });
    await checkDialog(checkPage, move, page.getByRole('dialog', { name: 'Move 1 account' }), 'Move');
    await checkDialog(
      checkPage,
      toolbar.getByRole('button', { name: 'Delete' }),
      page.getByRole('alertdialog'),
      'Delete',
    );
  });

  test('the development mailbox and a demo invitation’s activation page, activated with the keyboard', async ({
    asAdmin,
    checkPage,
  }) => {
    test.slow();
    const page = await asAdmin('acmeOwner');
    const lastName = `Activator${uniqueSuffix()}`;
    const email = `ada.${lastName}@acme.test`.toLowerCase();
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Add Account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Account' });
    await dialog.getByLabel('First Name').fill('Ada');
    await dialog.getByLabel('Last Name').fill(lastName);
    await dialog.getByLabel('Email or Device #').fill(email);
    await dialog.getByRole('button', { name: 'Assign Number' }).click();
    await dialog.getByLabel('Number or tag').selectOption({ index: 1 });
    await expect(dialog.getByLabel('User Permissions')).toHaveValue(/.+/);
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect(page.getByRole('status')).toHaveText(`Ada ${lastName} was added and invited.`);

    await openNewestMessage(page, email);
    await checkPage(page, 'showing an invitation');
    const link = await page.getByRole('link', { name: 'Open activation link' }).first().getAttribute('href');
    expect(link).toBeTruthy();

    await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
    await expect(page.getByRole('table', { name: 'Messages' }).getByRole('link')).not.toHaveCount(0);
    await checkPage(page, 'searched by recipient');

    await page.goto(link!);
    await expect(page.getByText(email)).toBeVisible();
    await checkPage(page, 'an activation page');
    await tabTo(page, page.getByLabel('Your personal phone number'));
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Your personal phone number')).toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, 'an activation page refusing an empty phone number');
    await page.getByLabel('Your personal phone number').focus();
    await page.keyboard.type('+1 415 555 0142');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Your MultiLine line is active' })).toBeVisible();
    await checkPage(page, 'an activated line');
  });

  test('the Organizations dialogs, opened with the keyboard', async ({ asAdmin, checkPage }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/organizations');
    await checkDialog(
      checkPage,
      page.getByRole('button', { name: 'Add Sub-organization' }),
      page.getByRole('dialog', { name: 'Add Sub-organization' }),
      'Add Sub-organization',
    );
    await checkDialog(
      checkPage,
      page.getByRole('button', { name: 'Rename Sales' }),
      page.getByRole('dialog', { name: 'Rename organization' }),
      'Rename organization',
    );
    const groups = page.getByRole('region', { name: 'User Permissions groups of Acme Corp (2000)' });
    await checkDialog(
      checkPage,
      groups.getByRole('button', { name: /^Delete / }).first(),
      page.getByRole('alertdialog'),
      'Delete group',
    );
  });

  test('the Numbers and Administrators dialogs, opened with the keyboard', async ({ asAdmin, checkPage }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/numbers');
    await checkDialog(
      checkPage,
      page.getByRole('button', { name: 'Add numbers' }),
      page.getByRole('dialog', { name: 'Add numbers' }),
      'Add numbers',
    );
    const rows = page.getByRole('table', { name: 'Numbers' }).getByRole('checkbox', { name: /^Select \+/ });
    await selectRow(page, rows.nth(0));
    await selectRow(page, rows.nth(1));
    const toolbar = page.getByRole('toolbar', { name: 'Number actions' });
    await checkDialog(
      checkPage,
      toolbar.getByRole('button', { name: 'Retag', exact: true }),
      page.getByRole('dialog', { name: 'Retag 2 numbers' }),
      'Retag',
    );
    await checkDialog(
      checkPage,
      toolbar.getByRole('button', { name: 'Move', exact: true }),
      page.getByRole('dialog', { name: 'Move 2 numbers' }),
      'Move numbers',
    );

    await page.goto('/administrators');
    await checkDialog(
      checkPage,
      page.getByRole('button', { name: 'Add Administrator' }),
      page.getByRole('dialog', { name: 'Add Administrator' }),
      'Add Administrator',
    );
    await selectRow(page, page.getByRole('checkbox', { name: /^Select (?!all )/ }).first());
    await checkDialog(checkPage, page.getByRole('button', { name: 'Remove' }), page.getByRole('alertdialog'), 'Remove');
  });
});

test.describe('The automatic accessibility check', () => {
  test('reports what a test leaves on its page, rule by rule', async ({ asAdmin, axeViolations, watchAxe }) => {
    const page = await asAdmin('acmeOwner');
    // A query parameter of its own: a route this worker has not checked yet (each is checked once).
    const parameter = `self-test-${uniqueSuffix()}`;
    await page.goto(`/profile?${parameter}=1`);
    const field = await page
      .getByRole('main')
      .evaluateHandle((main) => main.appendChild(document.createElement('input')));
    // What the fixture does at the end of every test, done here on purpose.
    await watchAxe.finish(page.context());
    expect(axeViolations).toHaveLength(1);
    expect(axeViolations[0]).toMatch(
      new RegExp(`^/profile\\?${parameter}=1 \\(as the test left it\\): 1 axe-core violation\n`),
    );
    expect(axeViolations[0]).toContain('✗ label (critical): Form elements must have labels');
    expect(axeViolations[0]).toContain('<input>');
    // Removed, so that the real closing check passes.
    await field.evaluate((input) => input.remove());
    axeViolations.length = 0;
  });
});
