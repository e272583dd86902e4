import { callAction } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { expect, test } from '../helpers/e2e/fixtures';

test.describe('A server action called directly', () => {
  test('by another tenant’s owner changes and reveals nothing', async ({ asAdmin, playwright, baseURL }) => {
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/accounts?q=torvalds');
    const linusId = await acme.getByRole('checkbox', { name: 'Select Linus Torvalds' }).getAttribute('value');
    expect(linusId).toMatch(/^[0-9a-f-]{36}$/);

    const globex = await playwright.request.newContext({ baseURL, storageState: storageStatePath('globexOwner') });
    const result = await callAction(globex, baseURL!, 'deleteAccountsAction', [{ ids: [linusId] }]);
    expect(result.status).toBe(200);
    expect(result.body).toContain('No accounts were deleted: they were not found.');
    expect(result.body).not.toContain('Torvalds');
    expect(result.body).not.toContain('linus');
    await globex.dispose();

    await acme.reload();
    await expect(acme.getByRole('rowheader', { name: 'Linus Torvalds' })).toBeVisible();
  });

  test('Resend Invite and Add Account by another tenant’s owner touch nothing of Acme', async ({
    asAdmin,
    playwright,
    baseURL,
  }) => {
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/accounts?q=hopper');
    const graceId = await acme.getByRole('checkbox', { name: 'Select Grace Hopper' }).getAttribute('value');
    const invitedBefore = await acme.getByRole('row', { name: /Grace Hopper/ }).innerText();
    const acmeOrg = await acme
      .getByLabel('Organization')
      .locator('option', { hasText: 'Acme Corp' })
      .getAttribute('value');

    const globex = await playwright.request.newContext({ baseURL, storageState: storageStatePath('globexOwner') });
    const resend = await callAction(globex, baseURL!, 'resendInvitesAction', [{ ids: [graceId] }]);
    expect(resend.body).toContain('0 invitations sent, 1 not found');
    expect(resend.body).not.toContain('grace');

    const add = await callAction(globex, baseURL!, 'addAccountAction', [
      {
        organizationId: acmeOrg,
        firstName: 'Intruder',
        lastName: 'Globex',
        contact: 'intruder@globex.test',
        permissionGroupId: acmeOrg,
        intent: 'invite',
      },
    ]);
    expect(add.body).toContain('Choose an organization.');
    expect(add.body).not.toContain('Acme');
    const options = await callAction(globex, baseURL!, 'addAccountOptionsAction', [{ organizationId: acmeOrg }]);
    expect(options.body).toContain('The organization was not found.');
    expect(options.body).not.toContain('+1212');
    expect(options.body).not.toContain('default cos for org 2000');
    await globex.dispose();

    await acme.reload();
    await expect.poll(() => acme.getByRole('row', { name: /Grace Hopper/ }).innerText()).toBe(invitedBefore);
    await acme.goto('/accounts?q=intruder');
    await expect(acme.getByText('No accounts match these filters.')).toBeVisible();
  });

  test('without a session is refused', async ({ asAdmin, playwright, baseURL }) => {
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/accounts?q=torvalds');
    const linusId = await acme.getByRole('checkbox', { name: 'Select Linus Torvalds' }).getAttribute('value');

    const anonymous = await playwright.request.newContext({ baseURL });
    const result = await callAction(anonymous, baseURL!, 'deleteAccountsAction', [{ ids: [linusId] }]);
    // The proxy sends a signed-out POST to Sign in; either way nothing runs.
    expect(result.body).not.toContain('deleted.');
    await anonymous.dispose();

    await acme.reload();
    await expect(acme.getByRole('rowheader', { name: 'Linus Torvalds' })).toBeVisible();
  });

  test('with malformed input gets a validation message, not a stack trace', async ({ playwright, baseURL }) => {
    const acme = await playwright.request.newContext({ baseURL, storageState: storageStatePath('acmeOwner') });
    const result = await callAction(acme, baseURL!, 'deleteAccountsAction', [{ ids: ["1' or 1=1 --"] }]);
    expect(result.status).toBe(200);
    expect(result.body).toContain('Some of the values are not valid.');
    expect(result.body).not.toMatch(/at \w+ \(|node_modules|syntax error/);
    await acme.dispose();
  });
});
