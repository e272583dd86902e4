import type { Page } from '../helpers/e2e/test';
import { expect, test, userNames } from '../helpers/e2e/fixtures';

/** The Organization column of the Accounts table, row by row. */
async function organizationsShown(page: Page): Promise<string[]> {
  const cells = await page.getByRole('table', { name: 'Accounts' }).locator('tbody tr td:nth-child(4)').allInnerTexts();
  return cells.map((c) => c.trim());
}

/** Sub-organizations that tests/e2e/organizations.spec.ts creates under Sales are named "E2E …". */
const notCreatedByTests = (option: string) => !option.startsWith('E2E ');

test.describe('Each administrator sees exactly their scope', () => {
  test('the Acme owner sees every Acme organization and nothing of Globex', async ({ asAdmin }) => {
    const page = await asAdmin('acmeOwner');
    await page.goto('/accounts');
    const names = await userNames(page);
    expect(names).toEqual(
      expect.arrayContaining([
        'Ada Lovelace',
        'Margaret Hamilton',
        'Dennis Ritchie',
        'Frances Allen',
        'Linus Torvalds',
      ]),
    );
    expect(names).not.toContain('Hank Scorpio');
    // The seeded ten, plus any account the invitation tests add meanwhile: all in Acme's organizations.
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const org of await organizationsShown(page)) {
      expect(['Acme Corp (2000)', 'Sales (2001)', 'Support (2002)', 'Support EMEA (2003)']).toContain(org);
    }
    const orgOptions = await page.getByLabel('Organization').locator('option').allInnerTexts();
    expect(orgOptions.map((o) => o.trim()).filter(notCreatedByTests)).toEqual([
      'All organizations',
      'Acme Corp (2000)',
      'Sales (2001)',
      'Support (2002)',
      'Support EMEA (2003)',
    ]);
  });

  test('the Sales admin sees Sales only: no Support and no parent account', async ({ asAdmin }) => {
    const page = await asAdmin('salesAdmin');
    await page.goto('/accounts');
    expect(await userNames(page)).toEqual(
      expect.arrayContaining(['Barbara Liskov', 'Margaret Hamilton', 'Steve Wozniak']),
    );
    expect(new Set(await organizationsShown(page))).toEqual(new Set(['Sales (2001)']));
    const orgOptions = await page.getByLabel('Organization').locator('option').allInnerTexts();
    expect(orgOptions.map((o) => o.trim()).filter(notCreatedByTests)).toEqual(['All organizations', 'Sales (2001)']);

    // Searching for a Support user finds nothing.
    await page.getByLabel('Search').fill('Ritchie');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText('No accounts match these filters.')).toBeVisible();
  });

  test('the Globex owner sees nothing of Acme, even by naming an Acme organization in the URL', async ({ asAdmin }) => {
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/accounts');
    const supportId = await acme
      .getByLabel('Organization')
      .locator('option', { hasText: 'Support (2002)' })
      .getAttribute('value');
    expect(supportId).toMatch(/^[0-9a-f-]{36}$/);

    const page = await asAdmin('globexOwner');
    await page.goto('/accounts');
    expect((await userNames(page)).sort()).toEqual(['Hank Scorpio', 'Homer Simpson', 'Lenny Leonard']);
    await expect(page.getByLabel('Tag').locator('option', { hasText: 'PORTED' })).toHaveCount(0);

    await page.goto(`/accounts?org=${supportId}`);
    await expect(page.getByText('No accounts match these filters.')).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
  });

  test('the export holds the scope too', async ({ asAdmin }) => {
    const page = await asAdmin('salesAdmin');
    const response = await page.request.get('/accounts/export');
    expect(response.status()).toBe(200);
    const csv = await response.text();
    expect(csv).toContain('Margaret,Hamilton');
    expect(csv).not.toContain('Ritchie');
    expect(csv).not.toContain('Lovelace');
    // Sales's three seeded accounts, and any that other tests invite into Sales meanwhile: none elsewhere.
    const lines = csv.trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toContain(',Sales (2001),');
  });
});
