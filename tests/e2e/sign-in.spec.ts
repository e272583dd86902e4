import { storageStatePath } from '../helpers/e2e/admins';
import { expect, type Page, test } from '../helpers/e2e/test';

/** Submits the Sign in form and waits for the server's answer (the same message may already be shown). */
async function submit(page: Page) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  // The answer arrived; React then resets the form and ends the pending state in one commit. Filling
  // the next attempt before that would be wiped by the reset (and the same message twice in a row
  // cannot show that the second answer has arrived).
  // (After a successful sign-in the page navigates away, and the button is gone as well.)
  await expect(page.getByRole('button', { name: 'Signing in…' })).toHaveCount(0);
}

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
    await submit(page);
    await expect(page.getByRole('status')).toHaveText('The email or password is incorrect.');

    await page.getByLabel('Email').fill('nobody@acme.test');
    await page.getByLabel('Password').fill('multiline-demo');
    await submit(page);
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
    await expect(page).toHaveURL(/localhost:\d+\/dashboard$/);
  });

  test('signing out ends the session', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('sales.admin@acme.test');
    await page.getByLabel('Password').fill('multiline-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fprofile/);
  });

  test("ten failed attempts make this browser wait, even with the right password; the owner's known browser still gets in", async ({
    page,
    browser,
  }) => {
    // Initech's owner: the suite's own tenant, signed in once by the global setup and never again.
    await page.goto('/sign-in');
    for (let i = 0; i < 10; i++) {
      await page.getByLabel('Email').fill('owner@initech.test');
      await page.getByLabel('Password').fill(`wrong-${i}`);
      await submit(page);
      await expect(page.getByRole('status')).toHaveText('The email or password is incorrect.');
    }
    await page.getByLabel('Password').fill('multiline-demo');
    await submit(page);
    await expect(page.getByRole('status')).toHaveText(
      'Too many failed sign-in attempts. Wait 15 minutes, then try again.',
    );
    await page.goto('/accounts');
    await expect(page).toHaveURL(/\/sign-in/);

    // The browser the owner signed in with before (the global setup's) keeps its device cookie: the
    // failures above, from the same address, do not slow it down.
    const known = await browser.newContext({ storageState: storageStatePath('initechOwner') });
    try {
      const cookies = await known.cookies();
      expect(cookies.map((c) => c.name)).toContain('ml_device');
      await known.clearCookies({ name: /session-token/ });
      const ownPage = await known.newPage();
      await ownPage.goto('/sign-in');
      await ownPage.getByLabel('Email').fill('owner@initech.test');
      await ownPage.getByLabel('Password').fill('multiline-demo');
      await ownPage.getByRole('button', { name: 'Sign in' }).click();
      await expect(ownPage.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    } finally {
      await known.close();
    }
  });
});
