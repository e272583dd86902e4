import { expect, test } from '../helpers/e2e/fixtures';

test.describe('The Dashboard', () => {
  test('is where signing in lands', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('owner@globex.test');
    await page.getByLabel('Password').fill('multiline-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  });

  test('draws both charts, named for assistive technology, and their bars open the Accounts page filtered', async ({
    asAdmin,
  }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/dashboard');
    const numbers = page.getByRole('figure', { name: 'Number utilization by organization' });
    const funnel = page.getByRole('figure', { name: 'Invitation funnel' });
    await expect(numbers).toBeVisible();
    await expect(funnel).toBeVisible();
    // The same figures as a table; Support EMEA has no numbers at all (the demo data keeps it so).
    const table = page.getByRole('table', { name: 'Numbers per organization' });
    await expect(table).toBeVisible();
    // Organizations that other tests create meanwhile may show too.
    const names = (await table.getByRole('rowheader').allInnerTexts()).map((n) => n.trim());
    for (const name of ['Acme Corp (2000)', 'Sales (2001)', 'Support (2002)', 'Support EMEA (2003)']) {
      expect(names).toContain(name);
    }
    expect(names.join(' ')).not.toContain('Globex');
    await expect(table.getByRole('row', { name: /Support EMEA \(2003\)/ }).getByRole('cell')).toHaveText([
      '0',
      '0',
      '—',
      '0',
    ]);
    await expect(page.getByRole('table', { name: 'Invitation funnel figures' })).toBeVisible();

    await numbers.getByRole('link', { name: /^Sales \(2001\): \d+ available numbers/ }).click();
    await expect(page).toHaveURL(/\/accounts\?org=[0-9a-f-]{36}$/);
    await expect(page.getByLabel('Organization').locator('option:checked')).toHaveText(/Sales \(2001\)/);
    await expect(page.getByRole('table', { name: 'Accounts' }).getByRole('rowheader')).not.toHaveCount(0);

    await page.goto('/dashboard');
    await funnel.getByRole('link', { name: /^Expired: \d+ accounts?\./ }).click();
    await expect(page).toHaveURL(/\/accounts\?status=expired$/);
    await expect(page.getByLabel('Status')).toHaveValue('expired');
    await expect(page.getByRole('rowheader', { name: 'Katherine Johnson' })).toBeVisible();
  });

  test('narrowed to an organization, its links keep the organization', async ({ asAdmin }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/dashboard');
    const supportId = await page
      .getByLabel('Organization', { exact: true })
      .locator('option', { hasText: 'Support (2002)' })
      .getAttribute('value');
    await page.getByLabel('Organization', { exact: true }).selectOption(supportId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`/dashboard\\?org=${supportId}$`));
    const rows = page.getByRole('table', { name: 'Numbers per organization' }).getByRole('rowheader');
    await expect(rows.first()).toHaveText(/Support \(2002\)/);
    await expect(rows.filter({ hasText: 'Sales' })).toHaveCount(0);
    await page
      .getByRole('figure', { name: 'Invitation funnel' })
      .getByRole('link', { name: /^Activated: / })
      .click();
    await expect(page).toHaveURL(new RegExp(`/accounts\\?org=${supportId}&status=active$`));
    await expect(page.getByRole('rowheader', { name: 'Dennis Ritchie' })).toBeVisible();
  });

  test('shows each administrator their scope only', async ({ asAdmin }) => {
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/accounts');
    const supportId = await acme
      .getByLabel('Organization')
      .locator('option', { hasText: 'Support (2002)' })
      .getAttribute('value');

    const sales = await asAdmin('salesAdmin');
    await sales.goto('/dashboard');
    const salesRows = await sales
      .getByRole('table', { name: 'Numbers per organization' })
      .getByRole('rowheader')
      .allInnerTexts();
    expect(salesRows[0]).toContain('Sales (2001)');
    expect(salesRows.join(' ')).not.toMatch(/Acme Corp|Support/);
    await expect(sales.getByRole('figure', { name: 'Number utilization by organization' })).not.toContainText(
      'Support',
    );
    await sales.goto(`/dashboard?org=${supportId}`);
    await expect(sales.getByText('No organizations match this filter.')).toBeVisible();
    await expect(sales.getByRole('main')).not.toContainText('Support');

    const globex = await asAdmin('globexOwner');
    await globex.goto('/dashboard');
    await expect(globex.getByRole('table', { name: 'Numbers per organization' }).getByRole('rowheader')).toHaveText([
      /Globex \(3000\)/,
    ]);
    await expect(globex.getByRole('main')).not.toContainText('Acme');
    await globex.goto(`/dashboard?org=${supportId}`);
    await expect(globex.getByText('No organizations match this filter.')).toBeVisible();
    const funnel = globex.getByRole('table', { name: 'Invitation funnel figures' });
    await expect(
      funnel
        .getByRole('row', { name: /^Invited/ })
        .getByRole('cell')
        .first(),
    ).toHaveText('0');
  });
});
