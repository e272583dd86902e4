import { expect, test } from '../helpers/e2e/fixtures';

test.describe('The Activity page', () => {
  test('lists an action just done, with who, what and which records, and filters by action', async ({ asAdmin }) => {
    const page = await asAdmin('initechOwner');
    await page.goto('/accounts?q=pager089%40');
    await page.getByRole('checkbox', { name: 'Select Pager 089' }).check();
    await page.getByRole('button', { name: 'Resend Invite' }).click();
    await expect(page.getByRole('status')).toHaveText('1 invitation sent.');

    await page.goto('/activity');
    const table = page.getByRole('table', { name: 'Activity' });
    const row = table.getByRole('row', { name: /Pager 089/ });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('rowheader')).toHaveText('Resent invitation');
    await expect(row).toContainText('owner@initech.test');
    await expect(row).toContainText('1 account: Pager 089');
    await expect(row).toContainText('Initech (4000)');
    await expect(row.getByRole('cell').first()).toHaveText(/^\d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}:\d{2}$/);
    // Sign-ins are events too (the suite's setup signed Initech's owner in).
    await expect(table.getByRole('rowheader', { name: 'Signed in' })).not.toHaveCount(0);

    await page.getByLabel('Action').selectOption({ label: 'Resent invitation' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/\/activity\?.*action=account\.invite\.resend/);
    await expect(table.getByRole('row', { name: /Pager 089/ })).toHaveCount(1);
    const actions = await table.getByRole('rowheader').allInnerTexts();
    expect(new Set(actions)).toEqual(new Set(['Resent invitation']));

    await page.getByLabel('Administrator').selectOption('owner@initech.test');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/admin=owner%40initech\.test/);
    await expect(table.getByRole('row', { name: /Pager 089/ })).toHaveCount(1);

    // A day long past: nothing, and a way back.
    await page.goto('/activity?to=2020-01-01');
    await expect(page.getByText('No events match these filters.')).toBeVisible();
    await page.getByRole('link', { name: 'Clear filters' }).first().click();
    await expect(page).toHaveURL(/\/activity$/);

    await page.goto('/activity?action=account.invite.resend');
    await table
      .getByRole('row', { name: /Pager 089/ })
      .getByRole('link', { name: 'Pager 089' })
      .click();
    await expect(page).toHaveURL(/\/accounts\?q=pager089%40initech\.test$/);
    await expect(page.getByRole('table', { name: 'Accounts' }).getByRole('rowheader')).toHaveText(['Pager 089']);
  });

  test('Globex’s owner sees none of Acme’s events, even by naming Acme’s administrator in the URL', async ({
    asAdmin,
  }) => {
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/activity');
    await expect(acme.getByRole('table', { name: 'Activity' })).toContainText('owner@acme.test');

    const globex = await asAdmin('globexOwner');
    await globex.goto('/activity');
    await expect(globex.getByRole('table', { name: 'Activity' })).toContainText('owner@globex.test');
    await expect(globex.getByRole('main')).not.toContainText('acme.test');
    await expect(globex.getByRole('main')).not.toContainText('Acme');
    const administrators = await globex.getByLabel('Administrator').locator('option').allInnerTexts();
    expect(administrators.join(' ')).not.toContain('acme');

    await globex.goto('/activity?admin=owner%40acme.test');
    await expect(globex.getByText('No events match these filters.')).toBeVisible();
    await expect(globex.getByRole('table', { name: 'Activity' })).toHaveCount(0);
  });

  test('the Sales admin sees no Support event', async ({ asAdmin }) => {
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/accounts?q=frances.allen');
    await acme.getByRole('checkbox', { name: 'Select Frances Allen' }).check();
    await acme.getByRole('button', { name: 'Resend Invite' }).click();
    await expect(acme.getByRole('status')).toHaveText('1 invitation sent.');
    await acme.goto('/activity?action=account.invite.resend');
    const event = acme.getByRole('table', { name: 'Activity' }).getByRole('row', { name: /Frances Allen/ });
    await expect(event).toHaveCount(1);
    await expect(event).toContainText('Support (2002)');

    const sales = await asAdmin('salesAdmin');
    await sales.goto('/activity');
    // Sales's own events: at least the Sales admin's sign-in of the suite's setup.
    await expect(sales.getByRole('table', { name: 'Activity' })).toContainText('sales.admin@acme.test');
    await expect(sales.getByRole('main')).not.toContainText('Frances');
    await expect(sales.getByRole('main')).not.toContainText('Support');
    await sales.goto('/activity?action=account.invite.resend');
    await expect(sales.getByRole('main')).not.toContainText('Frances');
  });
});
