import { expect, test } from '../helpers/e2e/test';

// Runs in the "standalone" project only: against `node .next/standalone/server.js`, the artifact a
// self-hoster ships, on a database of its own (tests/helpers/e2e/standalone-server.ts).
test('the standalone server signs an administrator in and serves the Accounts table', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });

  await page.goto('/accounts');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccounts$/);
  await page.getByLabel('Email').fill('owner@acme.test');
  await page.getByLabel('Password').fill('multiline-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/accounts$/);
  const table = page.getByRole('table', { name: 'Accounts' });
  await expect(table.getByRole('rowheader', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'Grace Hopper' })).toContainText('Pending');
  // The scripts and styles the self-hoster copied beside the server were all served.
  expect(failed).toEqual([]);
});
