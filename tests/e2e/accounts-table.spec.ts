import { expect, expectNames, test, userNames } from '../helpers/e2e/fixtures';

// The suite's own tenant, Initech: Pager 001…120 (every third Active, Pending, Not invited) and two
// Disposable accounts; see tests/helpers/e2e/seed-e2e.ts.
test.describe('The Accounts table: search, filter, sort and paging in the URL', () => {
  test('pages through 120 accounts and the back button returns to the previous page', async ({ asAdmin }) => {
    const page = await asAdmin('initechOwner');
    await page.goto('/accounts?q=pager');
    await expect(page.getByText('Showing 1–50 of 120 accounts')).toBeVisible();
    await expect(page.getByText('Page 1 of 3')).toBeVisible();
    let names = await userNames(page);
    expect(names).toHaveLength(50);
    expect(names[0]).toBe('Pager 001');
    expect(names[49]).toBe('Pager 050');

    await page.getByRole('link', { name: 'Next' }).click();
    await expect(page.getByText('Showing 51–100 of 120 accounts')).toBeVisible();
    expect((await userNames(page))[0]).toBe('Pager 051');

    await page.getByRole('link', { name: 'Next' }).click();
    await expect(page.getByText('Showing 101–120 of 120 accounts')).toBeVisible();
    names = await userNames(page);
    expect(names).toHaveLength(20);
    expect(names.at(-1)).toBe('Pager 120');
    await expect(page.getByRole('link', { name: 'Next' })).toHaveCount(0);

    await page.getByRole('link', { name: 'Previous' }).click();
    await expect(page.getByText('Showing 51–100 of 120 accounts')).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(/page=3/);
    await expect(page.getByText('Showing 101–120 of 120 accounts')).toBeVisible();

    await page.getByRole('link', { name: '100', exact: true }).click();
    await expect(page.getByText('Showing 1–100 of 120 accounts')).toBeVisible();
    expect(await userNames(page)).toHaveLength(100);
  });

  test('sorts by a column and says so to assistive technology', async ({ asAdmin }) => {
    const page = await asAdmin('initechOwner');
    await page.goto('/accounts?q=pager');
    const nameHeader = page.getByRole('columnheader', { name: /User Name/ });
    await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    await nameHeader.getByRole('link').click();
    await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(page.getByText('Showing 1–50 of 120 accounts')).toBeVisible();
    expect((await userNames(page)).slice(0, 2)).toEqual(['Pager 120', 'Pager 119']);

    // Activated at, oldest first: Pager 118 activated longest ago; never-activated accounts come last.
    await page
      .getByRole('columnheader', { name: /Activated at/ })
      .getByRole('link')
      .click();
    await expect(page).toHaveURL(/sort=activated/);
    expect((await userNames(page))[0]).toBe('Pager 118');
  });

  test('filters by status and tag', async ({ asAdmin }) => {
    const page = await asAdmin('initechOwner');
    await page.goto('/accounts');
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=active/);
    // 40 Active pagers, and Rhonda Reinstall (the invitation tests' Active user).
    await expect(page.getByText('Showing 1–41 of 41 accounts')).toBeVisible();
    const statuses = await page.getByRole('table').getByRole('row').locator('td:nth-child(7)').allInnerTexts();
    expect(statuses.length).toBe(41);
    for (const s of statuses) expect(s).toMatch(/^Active/);

    await page.goto('/accounts');
    await page.getByLabel('Tag').selectOption('TOLLFREE');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/tag=TOLLFREE/);
    await expectNames(page, ['Pager 007']);
  });

  test('searches by assigned number and email, and clears the filters', async ({ asAdmin }) => {
    const page = await asAdmin('initechOwner');
    await page.goto('/accounts');
    await page.getByLabel('Search').fill('0777');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/q=0777/);
    await expectNames(page, ['Pager 007']);

    await page.getByLabel('Search').fill('pager042@');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/q=pager042%40/);
    await expectNames(page, ['Pager 042']);

    await page.getByLabel('Search').fill('zzzz-nobody');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText('No accounts match these filters.')).toBeVisible();
    await page.getByRole('link', { name: 'Clear filters' }).first().click();
    await expect(page.getByText('Showing 1–50 of')).toBeVisible();
  });

  test('select all, then Delete after confirmation', async ({ asAdmin }) => {
    const page = await asAdmin('initechOwner');
    await page.goto('/accounts?q=pager');
    await page.getByRole('checkbox', { name: 'Select all accounts on this page' }).check();
    await expect(page.getByText('50 selected')).toBeVisible();
    await page.getByRole('checkbox', { name: 'Select all accounts on this page' }).uncheck();
    await expect(page.getByText('0 selected')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Delete' })).toBeDisabled();

    await page.goto('/accounts?q=disposable+one');
    await page.getByRole('checkbox', { name: 'Select Disposable One' }).check();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete 1 account?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete accounts' }).click();
    await expect(page.getByRole('status').filter({ hasText: '1 account deleted.' })).toBeVisible();
    await expect(page.getByText('No accounts match these filters.')).toBeVisible();
  });
});
