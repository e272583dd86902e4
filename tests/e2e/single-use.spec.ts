import type { ActivationApiBody } from '../helpers/activation-api';
import { callAction } from '../helpers/e2e/actions';
import { expect, test } from '../helpers/e2e/fixtures';
import { passwordIn, messageText, openNewestMessage } from '../helpers/e2e/mailbox';
import { uniqueSuffix } from '../helpers/e2e/unique';

// Single-use invitations: an administrator turns the setting on for an organization of their own making
// (named "E2E …", so the other specs' exact lists leave it out), invites a user there, the user
// activates with the app, and the reinstall with the same invitation is refused.

test.describe('Single-use invitations', () => {
  test('turned on on the Organizations page: the app activates once, a reinstall is refused with invitation_used', async ({
    asAdmin,
    request,
    baseURL,
  }) => {
    // The whole journey (an organization, a number, the setting, an invitation through the mailbox, two
    // activations) in one test: it needs more than the default time on a busy machine.
    test.slow();
    const suffix = uniqueSuffix().toUpperCase();
    const name = `E2E Single ${suffix}`;
    const code = `SU-${suffix}`.slice(0, 20);
    const email = `single.use.${suffix.toLowerCase()}@acme.test`;
    const number = `+1646555${String(Date.now() % 10_000).padStart(4, '0')}`;
    const page = await asAdmin('acmeOwner');

    // A sub-organization of Sales, with a number of its own.
    await page.goto('/organizations');
    await page.getByRole('button', { name: 'Add Sub-organization' }).click();
    const add = page.getByRole('dialog', { name: 'Add Sub-organization' });
    const parent = add.getByLabel('Parent organization');
    const salesValue = await parent
      .locator('option')
      .filter({ hasText: /^\W*Sales \(2001\)$/ })
      .getAttribute('value');
    expect(salesValue).toBeTruthy();
    await parent.selectOption(salesValue ?? '');
    await add.getByLabel('Name').fill(name);
    await add.getByLabel('Code').fill(code);
    await add.getByRole('button', { name: 'Create' }).click();
    await expect(add).toBeHidden();
    const href = await page.getByRole('link', { name: `1 group of ${name}` }).getAttribute('href');
    const organizationId = /org=([0-9a-f-]{36})/.exec(href ?? '')?.[1];
    expect(organizationId, href ?? '').toBeTruthy();
    const added = await callAction(
      page.request,
      baseURL!,
      'addNumbersAction',
      [{ organizationId, mode: 'list', list: number }],
      '/numbers',
    );
    expect(added.status).toBe(200);
    expect(added.body).toContain('1 number added.');

    // Off, inherited; then On for this organization.
    const row = page
      .getByRole('table', { name: 'Organizations' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: `${name} (${code})` }) });
    await expect(row).toContainText('Off (inherited)');
    await row.getByRole('button', { name: `Single-use invitations of ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Single-use invitations' });
    await expect(dialog.getByRole('radio', { name: 'Inherit (Off)' })).toBeChecked();
    await dialog.getByRole('radio', { name: 'On', exact: true }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status')).toHaveText(`Single-use invitations of ${name}: On.`);
    await expect(row.getByRole('cell').filter({ hasText: /^On$/ })).toHaveCount(1);

    // Invite a user there.
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Add Account' }).click();
    const account = page.getByRole('dialog', { name: 'Add Account' });
    await account.getByLabel('Organization').selectOption(organizationId!);
    await account.getByLabel('First Name').fill('Sina');
    await account.getByLabel('Last Name').fill(`Single ${suffix}`);
    await account.getByLabel('Email or Device #').fill(email);
    await expect(account.getByLabel('User Permissions')).toHaveValue(/.+/);
    await account.getByRole('button', { name: 'Invite' }).click();
    await expect(account).toBeHidden();

    await openNewestMessage(page, email);
    const password = passwordIn(await messageText(page));

    // The app activates once; the reinstall with the same invitation is refused.
    const body = { username: email, password, personalPhone: '+14155550166', number };
    const first = await request.post('/api/v1/activations', { data: body });
    expect(first.status(), await first.text()).toBe(200);
    const second = await request.post('/api/v1/activations', { data: body });
    expect(second.status()).toBe(410);
    const refused = (await second.json()) as ActivationApiBody;
    expect(refused.error?.code).toBe('invitation_used');
  });
});
