import { DEMO_PASSWORD } from '@/lib/demo/seed-demo-data';
import { actionId } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { expect, test } from '../helpers/e2e/fixtures';
import { ROTATING_ADMIN } from '../helpers/e2e/seed-e2e';
import { setPasswordLink } from '../helpers/e2e/mailbox';

// What a deployment must not leak (docs/security.md): the mailbox behind sign-in, addresses from the
// socket, redirects on this site, links from APP_URL, sessions ended by a password change.

const FORGED = '203.0.113.250';

/** Signs in through next-auth's endpoint with extra headers; answers the context (signed in). */
async function signInWithHeaders(
  playwright: Parameters<Parameters<typeof test>[2]>[0]['playwright'],
  baseURL: string,
  email: string,
  headers: Record<string, string>,
) {
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: headers });
  const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await context.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  return context;
}

test.describe('Production trust', () => {
  test('a demo says so on every page, signed in or not', async ({ page, asAdmin }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('complementary', { name: 'Demo notice' })).toContainText('Demo.');
    const owner = await asAdmin('acmeOwner');
    await owner.goto('/accounts');
    await expect(owner.getByRole('complementary', { name: 'Demo notice' })).toBeVisible();
  });

  test('the development mailbox needs a signed-in administrator and shows only their scope', async ({
    page,
    asAdmin,
  }) => {
    await page.goto('/dev/mailbox');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdev%2Fmailbox/);
    await page.goto('/dev/mailbox/1');
    await expect(page).toHaveURL(/\/sign-in/);

    // Acme's owner invites someone; Globex's owner cannot find the message, by search or by its id.
    const acme = await asAdmin('acmeOwner');
    const email = `mailbox.scope.${Date.now().toString(36)}@acme.test`;
    await acme.goto('/accounts');
    await acme.getByRole('button', { name: 'Add Account' }).click();
    const dialog = acme.getByRole('dialog', { name: 'Add Account' });
    await dialog.getByLabel('First Name').fill('Mailbox');
    await dialog.getByLabel('Last Name').fill('Scope');
    await dialog.getByLabel('Email or Device #').fill(email);
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect(dialog).toBeHidden();
    await expect(async () => {
      await acme.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
      await acme.getByRole('table', { name: 'Messages' }).getByRole('link').first().click({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(acme).toHaveURL(/\/dev\/mailbox\/\d+$/);
    const messageUrl = acme.url();

    const globex = await asAdmin('globexOwner');
    await globex.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
    await expect(globex.getByText(`No messages to “${email}”.`)).toBeVisible();
    await globex.goto(new URL(messageUrl).pathname);
    await expect(globex.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });

  test('the Activity page shows the socket’s address, never a forged X-Forwarded-For', async ({
    playwright,
    baseURL,
    asAdmin,
  }) => {
    const forged = await signInWithHeaders(playwright, baseURL!, 'owner@globex.test', {
      'X-Forwarded-For': FORGED,
      'X-Real-IP': FORGED,
    });
    await forged.dispose();
    const globex = await asAdmin('globexOwner');
    await globex.goto('/activity');
    const first = globex.getByRole('table', { name: 'Activity' }).getByRole('row').nth(1);
    await expect(first).toContainText('Signed in');
    await expect(first).not.toContainText(FORGED);
    await expect(first).toContainText(/127\.0\.0\.1|::1/);
  });

  test('after sign-in, a redirect never leaves the site', async ({ playwright, baseURL }) => {
    const context = await playwright.request.newContext({ baseURL, storageState: storageStatePath('acmeOwner') });
    // Raw query strings, as a link in an email or a chat would carry them.
    for (const query of [
      'callbackUrl=/%09/evil.example',
      'callbackUrl=/%0a/evil.example',
      'callbackUrl=//evil.example',
      'callbackUrl=/%5Cevil.example',
      'callbackUrl=/.//evil.example',
      'callbackUrl=https://evil.example/',
    ]) {
      const response = await context.get(`/sign-in?${query}`, { maxRedirects: 0 });
      expect(response.status(), query).toBe(307);
      const location = response.headers()['location']!;
      expect(new URL(location, baseURL).origin, query).toBe(new URL(baseURL!).origin);
      expect(location, query).not.toMatch(/evil/);
    }
    const kept = await context.get('/sign-in?callbackUrl=%2Faccounts%3Fstatus%3Dactive', { maxRedirects: 0 });
    expect(kept.headers()['location']).toMatch(/\/accounts\?status=active$/);
    await context.dispose();
  });

  test('invitation links come from APP_URL, whatever Host or X-Forwarded-Host the request names', async ({
    asAdmin,
    playwright,
    baseURL,
  }) => {
    const owner = await asAdmin('acmeOwner');
    const email = `link.origin.${Date.now().toString(36)}@acme.test`;
    await owner.goto('/accounts');
    await owner.getByRole('button', { name: 'Add Account' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Add Account' });
    await dialog.getByLabel('First Name').fill('Link');
    await dialog.getByLabel('Last Name').fill('Origin');
    await dialog.getByLabel('Email or Device #').fill(email);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await owner.goto(`/accounts?q=${encodeURIComponent(email)}`);
    const id = await owner.getByRole('checkbox', { name: 'Select Link Origin' }).getAttribute('value');

    // A script signed in as the owner names another host in every header Next.js would accept.
    const script = await playwright.request.newContext({ baseURL, storageState: storageStatePath('acmeOwner') });
    const response = await script.post('/accounts', {
      headers: {
        'Next-Action': actionId('resendInvitesAction'),
        'Content-Type': 'text/plain;charset=UTF-8',
        Accept: 'text/x-component',
        Origin: 'https://evil.example',
        'X-Forwarded-Host': 'evil.example',
      },
      data: JSON.stringify([{ ids: [id] }]),
    });
    const body = await response.text();
    expect(body, `status ${response.status()}`).toContain('1 invitation sent.');
    await script.dispose();

    await expect(async () => {
      await owner.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
      await owner.getByRole('table', { name: 'Messages' }).getByRole('link').first().click({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    const text = await owner.getByRole('region', { name: 'Text part' }).innerText();
    expect(text).not.toContain('evil.example');
    expect(text).toContain(`${new URL(baseURL!).origin}/activate/`);
  });

  test('a password change ends the administrator’s other sessions at their next request', async ({
    browser,
    asAdmin,
  }) => {
    test.setTimeout(90_000);
    // The administrator signs in in a browser of their own.
    const theirs = await browser.newContext();
    const before = await theirs.newPage();
    await before.goto('/sign-in');
    await before.getByLabel('Email').fill(ROTATING_ADMIN.email);
    await before.getByLabel('Password').fill(DEMO_PASSWORD);
    await before.getByRole('button', { name: 'Sign in' }).click();
    await expect(before.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

    // Their owner sends a set-password link; it is used in another browser.
    const owner = await asAdmin('initechOwner');
    await owner.goto('/administrators');
    await owner.getByRole('checkbox', { name: `Select ${ROTATING_ADMIN.name}` }).check();
    await owner.getByRole('button', { name: 'Resend Invite' }).click();
    await expect(owner.getByRole('status')).toHaveText('1 invitation sent.');
    const link = await setPasswordLink(owner, ROTATING_ADMIN.email);
    const elsewhere = await browser.newContext();
    const reset = await elsewhere.newPage();
    await reset.goto(link);
    const password = `a rotated password ${Date.now()}`;
    await reset.getByLabel('New password').fill(password);
    await reset.getByLabel('Confirm password').fill(password);
    await reset.getByRole('button', { name: 'Set password' }).click();
    await expect(reset.getByRole('heading', { name: 'Your password is set' })).toBeVisible();

    // The session signed in with the old password is over.
    await before.goto('/accounts');
    await expect(before).toHaveURL(/\/sign-in/);
    await theirs.close();
    await elsewhere.close();
  });
});
