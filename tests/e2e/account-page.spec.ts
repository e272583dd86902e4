import { expect, test } from '../helpers/e2e/fixtures';
import type { Page } from '../helpers/e2e/test';
import { uniqueSuffix } from '../helpers/e2e/unique';

// The account page /accounts/<id>: opened from the Accounts table, its fields, invitations and audit
// trail, and its actions (Edit, Send Invite), used with the keyboard alone.

/** Adds a Pending account to Sales through Add Account (Invite); its name. */
async function addPendingAccount(page: Page, email: string, lastName: string): Promise<string> {
  await page.goto('/accounts');
  await page.getByRole('button', { name: 'Add Account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Account' });
  const sales = await dialog
    .getByLabel('Organization')
    .locator('option', { hasText: 'Sales (2001)' })
    .getAttribute('value');
  await dialog.getByLabel('Organization').selectOption(sales);
  await dialog.getByLabel('First Name').fill('Paige');
  await dialog.getByLabel('Last Name').fill(lastName);
  await dialog.getByLabel('Email or Device #').fill(email);
  await expect(dialog.getByLabel('User Permissions').locator('option:checked')).toHaveText('default cos for org 2001');
  await dialog.getByRole('button', { name: 'Invite' }).click();
  await expect(dialog).toBeHidden();
  return `Paige ${lastName}`;
}

test.describe('The account page', () => {
  // Each test walks a whole journey (add, open, edit, send) through several server actions: on a busy
  // shared machine that takes longer than the default 30 s.
  test.describe.configure({ timeout: 90_000 });

  test('a user name in Accounts opens the page by keyboard: fields, invitation, audit trail; another tenant gets not found', async ({
    asAdmin,
  }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/accounts?q=grace.hopper');
    const link = page.getByRole('table', { name: 'Accounts' }).getByRole('link', { name: 'Grace Hopper' });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Grace Hopper' })).toBeVisible();
    await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}$/);
    const url = page.url();

    const fields = page.getByRole('region', { name: 'Account', exact: true });
    await expect(fields).toContainText('grace.hopper@acme.test');
    await expect(fields).toContainText('Acme Corp (2000)');
    await expect(fields).toContainText('+1 212 555 0101');
    await expect(fields).toContainText('Pending');
    const invitations = page.getByRole('table', { name: 'Invitations' });
    await expect(invitations.getByRole('row')).toHaveCount(2);
    await expect(invitations.getByRole('row').nth(1)).toContainText('Delivered');
    await expect(invitations.getByRole('row').nth(1)).toContainText('Current');
    await expect(page.getByRole('region', { name: 'Activations' })).toContainText(
      'This account has not been activated.',
    );
    await expect(page.getByRole('region', { name: 'Audit trail' })).toBeVisible();

    // The actions bar by keyboard: Edit opens its dialog, Escape closes it and focus returns to Edit.
    const edit = page.getByRole('toolbar', { name: 'Account actions' }).getByRole('button', { name: 'Edit' });
    await edit.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Edit account' });
    await expect(dialog.getByLabel('Email', { exact: true })).toHaveValue('grace.hopper@acme.test');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(edit).toBeFocused();

    const other = await asAdmin('globexOwner');
    await other.goto(url);
    await expect(other.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(other.getByText('Grace Hopper')).toHaveCount(0);
    await other.goto('/accounts/not-an-id');
    await expect(other.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });

  test('correct the email of a Pending account (Not invited), then Send Invite lists a new invitation', async ({
    asAdmin,
  }) => {
    const page = await asAdmin('acmeOwner');
    const suffix = uniqueSuffix();
    const oldEmail = `paige.${suffix}@acme.test`;
    const newEmail = `paige.corrected.${suffix}@acme.test`;
    const name = await addPendingAccount(page, oldEmail, `Page ${suffix}`);
    await page.goto(`/accounts?q=${encodeURIComponent(oldEmail)}`);
    await page.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Audit trail' })).toContainText('Added and invited account');
    const invitations = page.getByRole('table', { name: 'Invitations' });
    await expect(invitations.getByRole('row')).toHaveCount(2);

    // Edit with the keyboard alone; a duplicate first, refused on its field.
    await page.getByRole('button', { name: 'Edit' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Edit account' });
    const email = dialog.getByLabel('Email', { exact: true });
    await email.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('grace.hopper@acme.test');
    await page.keyboard.press('Enter');
    await expect(email).toHaveAccessibleDescription('An account with this email already exists.');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(newEmail);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status')).toHaveText(
      'The account was updated. Its invitation no longer works: send a new one with Send Invite.',
    );
    const fields = page.getByRole('region', { name: 'Account', exact: true });
    await expect(fields).toContainText(newEmail);
    await expect(fields).toContainText('Not invited');
    await expect(invitations.getByRole('row').nth(1)).toContainText('Superseded');
    const trail = page.getByRole('region', { name: 'Audit trail' });
    await expect(trail.getByRole('row').nth(1)).toContainText('Edited account');
    await expect(trail.getByRole('row').nth(1)).toContainText(`Email: ${oldEmail} → ${newEmail}`);

    const send = page.getByRole('button', { name: 'Send Invite' });
    await send.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toHaveText('Invitation sent.');
    await expect(invitations.getByRole('row')).toHaveCount(3);
    await expect(invitations.getByRole('row').nth(1)).toContainText(newEmail);
    await expect(invitations.getByRole('row').nth(1)).toContainText('Current');
    await expect(fields).toContainText('Pending');
    await expect(page.getByRole('button', { name: 'Resend Invite' })).toBeVisible();
  });
});
