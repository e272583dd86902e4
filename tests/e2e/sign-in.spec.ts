import { expect, test } from '@playwright/test';

test.describe('Sign in', () => {
  test('a signed-out visit lands on Sign in, and signing in returns to the page asked for', async ({ page }) => {
    await page.goto('/accounts?status=active');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await expect(page.getByRole('heading', { name: 'Sign in to the Admin Portal' })).toBeVisible();

    await page.getByLabel('Email').fill('owner@acme.test');
    await page.getByLabel('Password').fill('multiline-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/\/accounts\?status=active$/);
    await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
    await expect(page.getByLabel('Status')).toHaveValue('active');
  });

  test('a wrong password and an unknown email get the same message and no session', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('owner@acme.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('status')).toHaveText('The email or password is incorrect.');

    await page.getByLabel('Email').fill('nobody@acme.test');
    await page.getByLabel('Password').fill('multiline-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('status')).toHaveText('The email or password is incorrect.');

    await page.goto('/accounts');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('an empty form is refused field by field', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter your email address.')).toBeVisible();
    await expect(page.getByText('Enter your password.')).toBeVisible();
  });

  test('an absolute callback URL is not followed off the site', async ({ page }) => {
    await page.goto('/sign-in?callbackUrl=https%3A%2F%2Fevil.example%2F');
    await page.getByLabel('Email').fill('owner@globex.test');
    await page.getByLabel('Password').fill('multiline-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/localhost:\d+\/accounts/);
  });

  test('signing out ends the session', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('sales.admin@acme.test');
    await page.getByLabel('Password').fill('multiline-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fprofile/);
  });
});
