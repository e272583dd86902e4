import { expect, expectNames, test } from '../helpers/e2e/fixtures';

test.describe('Delivery on the Dashboard and the Accounts page', () => {
  test('the Dashboard’s Delivered bar opens the Accounts page filtered by Delivered, with the same count', async ({
    asAdmin,
  }) => {
    // Globex: few accounts, and no other test changes their invitations' delivery.
    const page = await asAdmin('globexOwner');
    await page.goto('/dashboard');
    const delivered = page
      .getByRole('figure', { name: 'Invitation funnel' })
      .getByRole('link', { name: /^Delivered: \d+ accounts?\. Show accounts with a delivered invitation$/ });
    const name = (await delivered.getAttribute('aria-label')) ?? '';
    const count = Number(/^Delivered: (\d+)/.exec(name)?.[1]);
    expect(count).toBeGreaterThan(0);

    await delivered.click();
    await expect(page).toHaveURL(/\/accounts\?delivery=delivered$/);
    await expect(page.getByLabel('Delivery')).toHaveValue('delivered');
    await expect(page.getByText(`Showing 1–${count} of ${count} account`)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Accounts' }).getByRole('rowheader')).toHaveCount(count);
    await expect(page.getByRole('rowheader', { name: 'Homer Simpson' })).toBeVisible();
  });

  test('the Delivery filter, chosen by its label, keeps to the current invitation’s delivery', async ({ asAdmin }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/accounts?q=katherine');
    const filters = page.getByRole('search', { name: 'Filter accounts' });
    await filters.getByLabel('Delivery').selectOption({ label: 'Delivered' });
    await filters.getByRole('button', { name: 'Apply' }).click();
    // The filter box is a GET form: its empty fields come along.
    await expect(page).toHaveURL(/\/accounts\?q=katherine&.*delivery=delivered$/);
    await expectNames(page, ['Katherine Johnson']);

    await filters.getByLabel('Delivery').selectOption({ label: 'Bounced' });
    await filters.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/delivery=bounced/);
    await expect(page.getByText('No accounts match these filters.')).toBeVisible();
    await page.getByRole('link', { name: 'Clear filters' }).first().click();
    await expect(page).toHaveURL(/\/accounts$/);
    await expect(page.getByLabel('Delivery')).toHaveValue('');
  });
});
