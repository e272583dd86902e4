import type { APIRequestContext } from '../helpers/e2e/test';
import type { ActivationApiBody } from '../helpers/activation-api';
import { REINSTALL_USER } from '../helpers/e2e/seed-e2e';
import { storageStatePath } from '../helpers/e2e/admins';
import { expect, test } from '../helpers/e2e/fixtures';
import { latestMessage, passwordIn } from '../helpers/e2e/mailbox';

// The whole journey of an invitation, through the UI, the development mailbox (where messages land
// with no provider configured) and the mobile API.

async function activateByApp(request: APIRequestContext, username: string, password: string, personalPhone: string) {
  const response = await request.post('/api/v1/activations', { data: { username, password, personalPhone } });
  const body = (await response.json()) as ActivationApiBody;
  return { status: response.status(), body, raw: JSON.stringify(body) };
}

test.describe('Invitations end to end', () => {
  test('invite with a PORTED number, activate from the link, reinstall with the app, delete frees the number', async ({
    asAdmin,
    request,
  }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Add Account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Account' });
    await expect(dialog.getByRole('tab', { name: 'Single Account' })).toHaveAttribute('aria-selected', 'true');
    await dialog.getByLabel('First Name').fill('Pia');
    await dialog.getByLabel('Last Name').fill('Ported');
    await dialog.getByLabel('Email or Device #').fill('pia.ported@acme.test');
    await dialog.getByRole('button', { name: 'Assign Number' }).click();
    const picker = dialog.getByLabel('Number or tag');
    await expect(picker.locator('option', { hasText: /^PORTED \(\d+ available, reserved\)$/ })).toHaveCount(1);
    await picker.selectOption('tag:PORTED');
    await expect(dialog.getByLabel('User Permissions')).toHaveValue(/.+/);
    await expect(dialog.getByLabel('User Permissions').locator('option:checked')).toHaveText(
      'default cos for org 2000',
    );
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status')).toHaveText('Pia Ported was added and invited.');

    await page.goto('/accounts?q=pia.ported');
    const row = page.getByRole('row', { name: /Pia Ported/ });
    // The lowest PORTED number free when the invite committed (0127 unless another spec took it first).
    await expect(row).toContainText(/\+1 212 555 01(2[7-9])/);
    await expect(row).toContainText('Pending');
    const last4 = /\+1 212 555 (\d{4})/.exec(await row.innerText())![1]!;

    // The mailbox has the invitation, with the number, the password and the link.
    const mail = await latestMessage(page, 'pia.ported@acme.test');
    expect(mail.text).toContain('Acme Corp');
    expect(mail.text).toContain('pia.ported@acme.test');
    const password = passwordIn(mail.text);
    expect(mail.link).toMatch(/\/activate\/[\w-]{40,}$/);

    // Opening the link changes nothing; the form's POST activates.
    await page.goto(mail.link!);
    await expect(page.getByText('pia.ported@acme.test')).toBeVisible();
    await page.getByLabel('Your personal phone number').fill('+1 415 555 0199');
    await page.getByRole('button', { name: 'Activate' }).click();
    await expect(page.getByRole('heading', { name: 'Your MultiLine line is active' })).toBeVisible();

    await page.goto('/accounts?q=pia.ported');
    await expect(page.getByRole('row', { name: /Pia Ported/ })).toContainText('Active');

    // A reinstall: the app activates again with the same personal phone; another phone is refused.
    const again = await activateByApp(request, 'pia.ported@acme.test', password, '+14155550199');
    expect(again.status, again.raw).toBe(200);
    expect(again.body.number).toBe(`+1212555${last4}`);
    const other = await activateByApp(request, 'pia.ported@acme.test', password, '+14155550100');
    expect(other.status, other.raw).toBe(409);
    expect(other.body.error?.code).toBe('phone_mismatch');

    // Delete: the number goes back to Acme Corp's pool.
    await page.getByRole('checkbox', { name: 'Select Pia Ported' }).check();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete accounts' }).click();
    await expect(page.getByRole('status')).toHaveText('1 account deleted.');
    await page.getByRole('button', { name: 'Add Account' }).click();
    await page.getByRole('button', { name: 'Assign Number' }).click();
    await page.getByLabel('Search available numbers').fill(last4);
    await expect(page.getByLabel('Number or tag').locator('option', { hasText: `+1 212 555 ${last4}` })).toHaveCount(1);
  });

  test('Resend Invite: the old password stops working, the new one works, a double click sends nothing twice', async ({
    asAdmin,
    request,
  }) => {
    const { email, password: oldPassword, personalPhone } = REINSTALL_USER;
    const before = await activateByApp(request, email, oldPassword, personalPhone);
    expect(before.status, before.raw).toBe(200);

    const page = await asAdmin('initechOwner');
    await page.goto('/accounts?q=rhonda');
    await page.getByRole('checkbox', { name: 'Select Rhonda Reinstall' }).check();
    await page.getByRole('button', { name: 'Resend Invite' }).click();
    await expect(page.getByRole('status')).toHaveText('1 invitation sent.');
    await page.getByRole('checkbox', { name: 'Select Rhonda Reinstall' }).check();
    await page.getByRole('button', { name: 'Resend Invite' }).click();
    await expect(page.getByRole('status')).toHaveText('0 invitations sent, 1 skipped: sent less than a minute ago.');

    const mail = await latestMessage(page, email);
    const newPassword = passwordIn(mail.text);
    expect(newPassword).not.toBe(oldPassword);

    const old = await activateByApp(request, email, oldPassword, personalPhone);
    expect(old.status, old.raw).toBe(410);
    expect(old.body.error?.code).toBe('invitation_superseded');
    const fresh = await activateByApp(request, email, newPassword, personalPhone);
    expect(fresh.status, fresh.raw).toBe(200);
    const otherPhone = await activateByApp(request, email, newPassword, '+16465550999');
    expect(otherPhone.body.error?.code, otherPhone.raw).toBe('phone_mismatch');
  });

  test('Add Account shows field errors from the shared schema and from the server', async ({ asAdmin }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Add Account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Account' });
    await dialog.getByLabel('Email or Device #').fill('not an address');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect(dialog.getByLabel('First Name')).toHaveAccessibleDescription('Enter the first name.');
    await expect(dialog.getByLabel('Email or Device #')).toHaveAccessibleDescription(/Enter a valid email address/);

    // A duplicate is only known to the server; its answer lands on the field.
    await dialog.getByLabel('First Name').fill('Ada');
    await dialog.getByLabel('Last Name').fill('Again');
    await dialog.getByLabel('Email or Device #').fill('ADA.LOVELACE@acme.test');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect(dialog.getByLabel('Email or Device #')).toHaveAccessibleDescription(
      'An account with this email already exists.',
    );

    // Support EMEA has no numbers: without one, the documented headroom message.
    const emea = await dialog
      .getByLabel('Organization')
      .locator('option', { hasText: 'Support EMEA' })
      .getAttribute('value');
    await dialog.getByLabel('Organization').selectOption(emea);
    await expect(dialog.getByLabel('User Permissions').locator('option:checked')).toHaveText(
      'default cos for org 2003',
    );
    await dialog.getByLabel('Email or Device #').fill('emea.new@acme.test');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      'Unable to add account. You do not have enough numbers available in the selected organization.',
    );
  });

  test('a device # is invited by SMS; without a number the user chooses one at activation', async ({ asAdmin }) => {
    const page = await asAdmin('salesAdmin');
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Add Account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Account' });
    await expect(dialog.getByLabel('User Permissions').locator('option:checked')).toHaveText(
      'default cos for org 2001',
    );
    await dialog.getByLabel('First Name').fill('Sam');
    await dialog.getByLabel('Last Name').fill('Smsuser');
    await dialog.getByLabel('Email or Device #').fill('(415) 555-0177');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect(page.getByRole('status')).toHaveText('Sam Smsuser was added and invited.');

    const sms = await latestMessage(page, '+14155550177');
    expect(sms.text).toContain('Sales');
    passwordIn(sms.text);
    expect(sms.link).toMatch(/\/activate\//);

    await page.goto(sms.link!);
    const number = page.getByLabel('Number', { exact: true });
    const first = number.locator('option', { hasText: '+1 212 555' }).first();
    const chosen = (await first.textContent())!.trim();
    await number.selectOption({ label: chosen });
    await page.getByLabel('Your personal phone number').fill('+1 415 555 0178');
    await page.getByRole('button', { name: 'Activate' }).click();
    await expect(page.getByRole('heading', { name: 'Your MultiLine line is active' })).toBeVisible();
    await expect(page.getByText(chosen)).toBeVisible();

    await page.goto('/accounts?q=smsuser');
    const row = page.getByRole('row', { name: /Sam Smsuser/ });
    await expect(row).toContainText('Active');
    await expect(row).toContainText(chosen);
  });

  test('the templates can be previewed while no provider is configured, signed in', async ({ playwright, baseURL }) => {
    const signedOut = await playwright.request.newContext({ baseURL });
    const refused = await signedOut.get('/dev/emails/account-invitation', { maxRedirects: 0 });
    expect(refused.status()).toBe(307);
    expect(refused.headers()['location']).toContain('/sign-in');
    await signedOut.dispose();
    const request = await playwright.request.newContext({ baseURL, storageState: storageStatePath('acmeOwner') });
    const html = await request.get('/dev/emails/account-invitation');
    expect(html.status()).toBe(200);
    expect(html.headers()['content-type']).toContain('text/html');
    const body = await html.text();
    expect(body).toContain('Acme Corp');
    expect(body).toContain('/activate/preview-token');
    const sms = await request.get('/dev/emails/account-invitation?format=sms');
    expect(await sms.text()).toMatch(/Activate: .*\/activate\/preview-token Password: /);
    expect((await request.get('/dev/emails/no-such-template')).status()).toBe(404);
    await request.dispose();
  });
});
