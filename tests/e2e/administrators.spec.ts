import type { Page } from '../helpers/e2e/test';
import { callAction } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { expect, test } from '../helpers/e2e/fixtures';
import { messageText, setPasswordLink } from '../helpers/e2e/mailbox';
import { uniqueSuffix } from '../helpers/e2e/unique';

// The Administrators page (docs/product.md#administrators): invite → mailbox → set password → sign in
// → their scope only; removal ends the session; direct calls from outside the scope change and reveal nothing.

/** The set-password link of the newest mailbox message to `to`, a set-password message. */
async function adminSetPasswordLink(page: Page, to: string): Promise<string> {
  const href = await setPasswordLink(page, to);
  expect(await messageText(page)).toContain('Set your password');
  expect(href).toMatch(/\/activate\/admin\/[\w-]{40,}$/);
  return href;
}

/** Adds an administrator through the dialog. */
async function addAdministrator(page: Page, fields: { email: string; name: string; organization: string }) {
  await page.goto('/administrators');
  await page.getByRole('button', { name: 'Add Administrator' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Administrator' });
  await dialog.getByLabel('Email').fill(fields.email);
  await dialog.getByLabel('Name').fill(fields.name);
  await dialog.getByLabel('Role').selectOption('admin');
  const option = dialog.getByLabel('Organization').locator('option', { hasText: fields.organization });
  await dialog.getByLabel('Organization').selectOption(await option.getAttribute('value'));
  await dialog.getByRole('button', { name: 'Invite' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(`${fields.name} was added and invited.`);
}

/** The Organization column of the Accounts table. */
async function accountOrganizations(page: Page): Promise<string[]> {
  const cells = await page.getByRole('table', { name: 'Accounts' }).locator('tbody tr td:nth-child(4)').allInnerTexts();
  return cells.map((c) => c.trim());
}

test.describe('Administrators', () => {
  test('invite an administrator, set the password from the mailbox, sign in to their scope; removal ends the session', async ({
    asAdmin,
    browser,
    baseURL,
  }) => {
    // The whole journey, through two browsers, the mailbox and three scrypt hashes.
    test.setTimeout(120_000);
    const id = uniqueSuffix();
    const email = `support.admin.${id}@acme.test`;
    const name = `Sue Support ${id}`;
    const owner = await asAdmin('acmeOwner');
    await addAdministrator(owner, { email, name, organization: 'Support (2002)' });
    const row = owner.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('Invited');
    await expect(row).toContainText('Support (2002)');
    await expect(row).toContainText('Never');

    // Resend Invite is always enabled: without a selection it says so; right after inviting, it skips.
    await owner.getByRole('button', { name: 'Resend Invite' }).click();
    await expect(owner.getByRole('status')).toHaveText('Select at least one administrator.');
    await owner.getByRole('checkbox', { name: `Select ${name}` }).check();
    await owner.getByRole('button', { name: 'Resend Invite' }).click();
    await expect(owner.getByRole('status')).toHaveText('0 invitations sent, 1 skipped: sent less than a minute ago.');

    // The invited administrator, in a browser of their own.
    const context = await browser.newContext();
    const invited = await context.newPage();
    // The mailbox is behind sign-in: the owner reads it (it stands in for the invitee's inbox).
    const link = await adminSetPasswordLink(owner, email);
    await owner.goto('/administrators');
    await invited.goto(link);
    await expect(invited.getByRole('heading', { name: 'Set your password' })).toBeVisible();
    await expect(invited.getByText(email)).toBeVisible();
    await expect(invited.getByText('Support', { exact: true })).toBeVisible();
    // Opening the link changed nothing.
    await owner.goto('/administrators');
    await expect(owner.getByRole('row', { name: new RegExp(name) })).toContainText('Invited');

    await invited.getByLabel('New password').fill('too short');
    await invited.getByLabel('Confirm password').fill('too short');
    await invited.getByRole('button', { name: 'Set password' }).click();
    await expect(invited.getByLabel('New password')).toHaveAccessibleDescription(/Use at least 12 characters\./);
    const password = `a long support password ${id}`;
    await invited.getByLabel('New password').fill(password);
    await invited.getByLabel('Confirm password').fill(`${password}!`);
    await invited.getByRole('button', { name: 'Set password' }).click();
    await expect(invited.getByLabel('Confirm password')).toHaveAccessibleDescription(
      'The two passwords are not the same.',
    );
    await invited.getByLabel('New password').fill(password);
    await invited.getByLabel('Confirm password').fill(password);
    await invited.getByRole('button', { name: 'Set password' }).click();
    await expect(invited.getByRole('heading', { name: 'Your password is set' })).toBeVisible();
    await invited.goto(link);
    await expect(invited.getByRole('heading', { name: 'Your password is already set' })).toBeVisible();

    await invited.goto('/sign-in');
    await invited.getByLabel('Email').fill(email);
    await invited.getByLabel('Password').fill(password);
    await invited.getByRole('button', { name: 'Sign in' }).click();
    await expect(invited).not.toHaveURL(/\/sign-in/);
    await invited.goto('/accounts');
    await expect(invited.getByRole('heading', { name: 'Accounts' })).toBeVisible();
    const organizations = await accountOrganizations(invited);
    expect(organizations.length).toBeGreaterThan(0);
    for (const org of organizations) expect(['Support (2002)', 'Support EMEA (2003)']).toContain(org);
    const orgOptions = await invited.getByLabel('Organization').locator('option').allInnerTexts();
    expect(orgOptions.map((o) => o.trim())).toEqual(['All organizations', 'Support (2002)', 'Support EMEA (2003)']);

    await invited.goto('/administrators');
    const table = invited.getByRole('table', { name: 'Administrators' });
    await expect(table.getByRole('rowheader')).toHaveText([new RegExp(`^${name}\\s*\\(you\\)$`)]);
    await expect(table).not.toContainText('owner@acme.test');
    await expect(table).not.toContainText('sales.admin@acme.test');
    await invited.getByRole('button', { name: 'Add Administrator' }).click();
    const roles = await invited.getByRole('dialog').getByLabel('Role').locator('option').allInnerTexts();
    expect(roles.join()).not.toContain('Owner');
    await invited.keyboard.press('Escape');

    await owner.reload();
    const activeRow = owner.getByRole('row', { name: new RegExp(name) });
    await expect(activeRow).toContainText('Active');
    await expect(activeRow).not.toContainText('Never');

    // Removed: their open session is refused on the next request, page or action.
    await owner.getByRole('checkbox', { name: `Select ${name}` }).check();
    await owner.getByRole('button', { name: 'Remove' }).click();
    await owner.getByRole('alertdialog').getByRole('button', { name: 'Remove administrators' }).click();
    await expect(owner.getByRole('status')).toHaveText('1 administrator removed.');
    await expect(owner.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);

    await invited.goto('/accounts');
    await expect(invited).toHaveURL(/\/sign-in/);
    const stale = await callAction(
      context.request,
      baseURL!,
      'resendAdministratorInvitesAction',
      [{ ids: [crypto.randomUUID()] }],
      '/administrators',
    );
    expect(stale.body).toContain('Your session has ended. Sign in again.');
    await context.close();
  });

  test('direct calls by another tenant’s owner and by a sibling organization’s admin change and reveal nothing', async ({
    asAdmin,
    playwright,
    baseURL,
  }) => {
    const id = uniqueSuffix();
    const email = `target.${id}@acme.test`;
    const name = `Tara Target ${id}`;
    const owner = await asAdmin('acmeOwner');
    await addAdministrator(owner, { email, name, organization: 'Support (2002)' });
    const targetId = await owner.getByRole('checkbox', { name: `Select ${name}` }).getAttribute('value');
    const ownerId = await owner
      .getByRole('row', { name: /owner@acme\.test/ })
      .getByRole('checkbox')
      .getAttribute('value');
    expect(targetId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ownerId).toMatch(/^[0-9a-f-]{36}$/);
    await owner.getByRole('button', { name: 'Add Administrator' }).click();
    const orgSelect = owner.getByRole('dialog').getByLabel('Organization');
    const supportOrg = await orgSelect.locator('option', { hasText: 'Support (2002)' }).getAttribute('value');
    const rootOrg = await orgSelect.locator('option', { hasText: 'Acme Corp (2000)' }).getAttribute('value');
    const salesOrg = await orgSelect.locator('option', { hasText: 'Sales (2001)' }).getAttribute('value');
    await owner.keyboard.press('Escape');

    for (const who of ['globexOwner', 'salesAdmin'] as const) {
      const api = await playwright.request.newContext({ baseURL, storageState: storageStatePath(who) });
      const call = (action: string, args: unknown) => callAction(api, baseURL!, action, [args], '/administrators');

      const removed = await call('removeAdministratorsAction', { ids: [targetId, ownerId] });
      expect(removed.status).toBe(200);
      expect(removed.body).toContain('No administrators were removed: they were not found.');
      const resent = await call('resendAdministratorInvitesAction', { ids: [targetId, ownerId] });
      expect(resent.body).toContain('0 invitations sent, 2 not found');
      const added = await call('addAdministratorAction', {
        email: `intruder.${who}.${id}@acme.test`,
        name: 'Intruder',
        role: 'admin',
        organizationId: supportOrg,
      });
      expect(added.body).toContain('Choose an organization.');
      const ownerAdded = await call('addAdministratorAction', {
        email: `intruder.owner.${who}.${id}@acme.test`,
        name: 'Intruder',
        role: 'owner',
        organizationId: rootOrg,
      });
      expect(ownerAdded.body).toMatch(
        who === 'salesAdmin' ? /Only an owner can add an owner\./ : /Choose an organization\./,
      );
      // A duplicate email is a field error that says nothing of where the other administrator is.
      const duplicate =
        who === 'salesAdmin'
          ? await call('addAdministratorAction', { email, name: 'Intruder', role: 'admin', organizationId: salesOrg })
          : { body: '' };
      if (who === 'salesAdmin') expect(duplicate.body).toContain('An administrator with this email already exists.');
      for (const body of [removed.body, resent.body, added.body, ownerAdded.body, duplicate.body]) {
        expect(body).not.toContain(email);
        expect(body).not.toContain('Tara');
        expect(body).not.toContain('Olivia');
        expect(body).not.toContain('Support');
        expect(body).not.toMatch(/at \w+ \(|node_modules|syntax error/);
      }
      await api.dispose();

      const page = await asAdmin(who);
      await page.goto('/administrators');
      await expect(page.getByRole('table', { name: 'Administrators' })).not.toContainText(email);
      await expect(page.getByRole('table', { name: 'Administrators' })).not.toContainText('owner@acme.test');
    }

    await owner.reload();
    await expect(owner.getByRole('row', { name: new RegExp(name) })).toContainText('Invited');
    await expect(owner.getByRole('row', { name: /owner@acme\.test/ })).toContainText('Active');
    for (const who of ['globexOwner', 'salesAdmin']) {
      await owner.goto(`/dev/mailbox?to=${encodeURIComponent(`intruder.${who}.${id}@acme.test`)}`);
      await expect(owner.getByText(/No messages to/)).toBeVisible();
    }
  });

  test('an invalid set-password link gets a clear page', async ({ page }) => {
    await page.goto(`/activate/admin/${'x'.repeat(43)}`);
    await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
  });
});
