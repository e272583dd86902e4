import type { Page } from '../helpers/e2e/test';
import type { ActivationApiBody } from '../helpers/activation-api';
import { expect, test } from '../helpers/e2e/fixtures';
import { latestMessage, passwordIn } from '../helpers/e2e/mailbox';
import { uniqueSuffix } from '../helpers/e2e/unique';

// Send Invite, Suspend and Reinstate (docs/product.md#send-invite, #suspend-and-reinstate) on the Accounts
// selection, on accounts these tests create themselves.

/** Adds an account with Save (Not invited, no number) in the administrator's own organization; returns its email. */
async function saveAccount(page: Page, firstName: string, lastName: string): Promise<string> {
  const email = `${firstName}.${lastName}@acme.test`.toLowerCase();
  await page.goto('/accounts');
  await page.getByRole('button', { name: 'Add Account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Account' });
  await dialog.getByLabel('First Name').fill(firstName);
  await dialog.getByLabel('Last Name').fill(lastName);
  await dialog.getByLabel('Email or Device #').fill(email);
  await expect(dialog.getByLabel('User Permissions')).toHaveValue(/.+/);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(`${firstName} ${lastName} was added (not invited yet).`);
  return email;
}

const toolbarButton = (page: Page, name: string) =>
  page.getByRole('toolbar', { name: 'Account actions' }).getByRole('button', { name, exact: true });

async function suspendSelected(page: Page) {
  await toolbarButton(page, 'Suspend').click();
  const confirm = page.getByRole('alertdialog', { name: 'Suspend 1 account?' });
  await expect(confirm).toContainText('They keep their numbers.');
  await confirm.getByRole('button', { name: 'Suspend accounts' }).click();
  await expect(page.getByRole('status')).toHaveText('1 account suspended.');
}

test.describe('Account lifecycle', () => {
  test('Save, then Send Invite: Pending; Suspend: Suspended, and the activation API and link refuse the user', async ({
    asAdmin,
    request,
  }) => {
    // The mailbox waits for the drainer to deliver the invitation: on a busy machine that is most of the time.
    test.setTimeout(60_000);
    const page = await asAdmin('acmeOwner');
    const lastName = `Cycle${uniqueSuffix()}`;
    const name = `Lena ${lastName}`;
    const email = await saveAccount(page, 'Lena', lastName);
    await page.goto(`/accounts?q=${encodeURIComponent(email)}`);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('Not invited');

    await expect(toolbarButton(page, 'Send Invite')).toBeDisabled();
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await expect(toolbarButton(page, 'Reinstate')).toBeDisabled();
    await toolbarButton(page, 'Send Invite').click();
    await expect(page.getByRole('status')).toHaveText('1 invitation sent.');
    await expect(row).toContainText('Pending');
    await expect(toolbarButton(page, 'Send Invite')).toBeDisabled();

    await suspendSelected(page);
    await expect(row).toContainText('Suspended');
    await expect(toolbarButton(page, 'Reinstate')).toBeEnabled();
    await expect(toolbarButton(page, 'Suspend')).toBeDisabled();

    // The invitation's password and link, as the user received them, no longer work.
    const mail = await latestMessage(page, email);
    const response = await request.post('/api/v1/activations', {
      data: { username: email, password: passwordIn(mail.text), personalPhone: '+1 415 555 0177' },
    });
    expect(response.status()).toBe(403);
    expect(((await response.json()) as ActivationApiBody).error?.code).toBe('account_suspended');
    await page.goto(mail.link!);
    await expect(page.getByRole('heading', { name: 'This account is suspended' })).toBeVisible();
  });

  test('the Suspended filter, then Reinstate: an account never activated is Not invited again', async ({ asAdmin }) => {
    const page = await asAdmin('acmeOwner');
    const lastName = `Pause${uniqueSuffix()}`;
    const name = `Rhea ${lastName}`;
    const email = await saveAccount(page, 'Rhea', lastName);
    await page.goto(`/accounts?q=${encodeURIComponent(email)}`);
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await suspendSelected(page);

    await page.getByLabel('Status').selectOption('suspended');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=suspended/);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('Suspended');

    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await toolbarButton(page, 'Reinstate').click();
    await expect(page.getByRole('status')).toHaveText(
      '1 account reinstated (Not invited: Send Invite to invite them).',
    );
    // No longer Suspended, it leaves the filtered view.
    await expect(row).toBeHidden();
    await page.goto(`/accounts?q=${encodeURIComponent(email)}`);
    await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Not invited');
  });
});
