import type { Page } from '../helpers/e2e/test';
import { callAction } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { expect, test } from '../helpers/e2e/fixtures';

// Every test adds its own numbers (+1 917 555 04xx/05xx, unused by the seeds and other specs) with a
// tag unique to the run, into Sales, which has a pool already. Support EMEA keeps zero numbers.
const runTag = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}`;

async function organizationId(page: Page, label: string, name: string): Promise<string> {
  const value = await page.getByLabel(label).locator('option', { hasText: name }).first().getAttribute('value');
  expect(value).toMatch(/^[0-9a-f-]{36}$/);
  return value!;
}

function numbersTable(page: Page) {
  return page.getByRole('table', { name: 'Numbers' });
}

test.describe('Numbers page', () => {
  // Long journeys on a shared, busy machine: the default 30 s is for single steps.
  test.describe.configure({ timeout: 90_000 });

  test('add a range with a new tag: it shows in the inventory and in Add Account’s Assign Number picker', async ({
    asAdmin,
  }) => {
    const tag = runTag('E2ER');
    const page = await asAdmin('acmeOwner');
    await page.goto('/numbers');
    await expect(page.getByRole('heading', { name: 'Numbers' })).toBeVisible();
    const salesId = await organizationId(page, 'Organization', 'Sales (2001)');

    await page.getByRole('button', { name: 'Add numbers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add numbers' });
    await dialog.getByLabel('Organization').selectOption(salesId);
    await dialog.getByLabel('Tag (optional)').fill(tag.toLowerCase());
    await expect(dialog.getByLabel('A range')).toBeChecked();
    await dialog.getByLabel('First number').fill('(917) 555-0400');
    await dialog.getByLabel('How many').fill('5');
    await dialog.getByRole('button', { name: 'Add numbers' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').first()).toHaveText(`5 numbers added with the tag ${tag}.`);

    // The inventory, filtered by the new tag.
    await page.getByLabel('Tag', { exact: true }).selectOption(tag);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
    await expect(numbersTable(page).getByRole('rowheader')).toHaveText([
      '+1 917 555 0400',
      '+1 917 555 0401',
      '+1 917 555 0402',
      '+1 917 555 0403',
      '+1 917 555 0404',
    ]);
    for (const row of await numbersTable(page).locator('tbody tr').all()) {
      await expect(row).toContainText('Sales (2001)');
      await expect(row).toContainText(tag);
      await expect(row).toContainText('Available');
    }

    // Adding one of them again adds nothing and says which exists.
    await page.getByRole('button', { name: 'Add numbers' }).click();
    await dialog.getByLabel('A pasted list').check();
    await dialog.getByLabel('Numbers to add').fill('+1 917 555 0404\n+1 917 555 0405\nnot a number');
    await dialog.getByRole('button', { name: 'Add numbers' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Nothing was added: 2 problems to fix.');
    await expect(dialog.getByRole('list', { name: 'Problems' }).getByRole('listitem')).toHaveText([
      'Line 3: “not a number” is not a valid phone number.',
      '+1 917 555 0404 already exists.',
    ]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Add Account → Assign Number: the tag with its count.
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Add Account' }).click();
    const add = page.getByRole('dialog', { name: 'Add Account' });
    await add.getByLabel('Organization').selectOption(salesId);
    await expect(add.getByLabel('User Permissions').locator('option:checked')).toHaveText('default cos for org 2001');
    await add.getByRole('button', { name: 'Assign Number' }).click();
    await expect(add.getByLabel('Number or tag').locator('option', { hasText: `${tag} (5 available)` })).toHaveCount(1);
  });

  test('retag and move a few (up to the parent and back); assigned numbers stay with their accounts', async ({
    asAdmin,
    playwright,
    baseURL,
  }) => {
    const tag = runTag('E2EM');
    const gold = runTag('E2EG');
    const page = await asAdmin('acmeOwner');
    await page.goto('/numbers');
    const salesId = await organizationId(page, 'Organization', 'Sales (2001)');
    const acme = await playwright.request.newContext({ baseURL, storageState: storageStatePath('acmeOwner') });
    const added = await callAction(
      acme,
      baseURL!,
      'addNumbersAction',
      [{ organizationId: salesId, tag, mode: 'list', list: '+19175550500, +19175550501, +19175550502' }],
      '/numbers',
    );
    expect(added.body).toContain(`3 numbers added with the tag ${tag}.`);
    await acme.dispose();

    await page.goto(`/numbers?tag=${tag}`);
    await expect(numbersTable(page).getByRole('rowheader')).toHaveCount(3);
    await page.getByRole('checkbox', { name: 'Select +1 917 555 0500' }).check();
    await page.getByRole('checkbox', { name: 'Select +1 917 555 0501' }).check();
    await page.getByRole('button', { name: 'Retag', exact: true }).click();
    const retag = page.getByRole('dialog', { name: 'Retag 2 numbers' });
    await retag.getByLabel('New tag').fill(gold);
    await retag.getByRole('button', { name: 'Set tag' }).click();
    await expect(page.getByRole('status').first()).toHaveText(`2 numbers tagged ${gold}.`);
    // Retagged, they leave this view.
    await expect(numbersTable(page).getByRole('rowheader')).toHaveText(['+1 917 555 0502']);

    // Withdraw the two to the parent.
    await page.goto(`/numbers?tag=${gold}`);
    await expect(numbersTable(page).getByRole('rowheader')).toHaveCount(2);
    await page.getByRole('checkbox', { name: 'Select all numbers on this page' }).check();
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    let move = page.getByRole('dialog', { name: 'Move 2 numbers' });
    const acmeCorpId = await organizationId(page, 'Destination organization', 'Acme Corp (2000)');
    await move.getByLabel('Destination organization').selectOption(acmeCorpId);
    await move.getByRole('button', { name: 'Move numbers' }).click();
    await expect(page.getByRole('status').first()).toHaveText('2 numbers moved to Acme Corp (2000).');
    await expect(numbersTable(page).getByRole('row', { name: /0501/ })).toContainText('Acme Corp (2000)');

    // And back down to Sales.
    await page.getByRole('checkbox', { name: 'Select all numbers on this page' }).check();
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    move = page.getByRole('dialog', { name: 'Move 2 numbers' });
    await move.getByLabel('Destination organization').selectOption(salesId);
    await move.getByRole('button', { name: 'Move numbers' }).click();
    await expect(page.getByRole('status').first()).toHaveText('2 numbers moved to Sales (2001).');
    await expect(numbersTable(page).getByRole('row', { name: /0501/ })).toContainText('Sales (2001)');

    // With Margaret Hamilton's number (assigned, in Sales) in the selection: it stays with her.
    const margaretId = await (async () => {
      await page.goto('/numbers?q=2125550200');
      return page.getByRole('checkbox', { name: 'Select +1 212 555 0200' }).getAttribute('value');
    })();
    const goldIds = await (async () => {
      await page.goto(`/numbers?tag=${gold}`);
      return Promise.all(
        ['0500', '0501'].map((n) =>
          page.getByRole('checkbox', { name: `Select +1 917 555 ${n}` }).getAttribute('value'),
        ),
      );
    })();
    const again = await playwright.request.newContext({ baseURL, storageState: storageStatePath('acmeOwner') });
    const mixed = await callAction(
      again,
      baseURL!,
      'moveNumbersAction',
      [{ ids: [margaretId, ...goldIds], organizationId: acmeCorpId }],
      '/numbers',
    );
    expect(mixed.body).toContain(
      '2 numbers moved to Acme Corp (2000). 1 number was not moved: assigned to an account.',
    );
    const back = await callAction(
      again,
      baseURL!,
      'moveNumbersAction',
      [{ ids: goldIds, organizationId: salesId }],
      '/numbers',
    );
    expect(back.body).toContain('2 numbers moved to Sales (2001).');
    await again.dispose();
    await page.goto('/numbers?q=2125550200');
    await expect(numbersTable(page).getByRole('row', { name: /0200/ })).toContainText('Sales (2001)');
    await expect(numbersTable(page).getByRole('row', { name: /0200/ })).toContainText('Margaret Hamilton');
  });

  test('another tenant’s owner and a sibling organization’s admin change and learn nothing by calling the actions', async ({
    asAdmin,
    playwright,
    baseURL,
  }) => {
    const tag = runTag('E2ES');
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/numbers');
    const salesId = await organizationId(acme, 'Organization', 'Sales (2001)');
    const supportId = await organizationId(acme, 'Organization', 'Support (2002)');
    const owner = await playwright.request.newContext({ baseURL, storageState: storageStatePath('acmeOwner') });
    await callAction(
      owner,
      baseURL!,
      'addNumbersAction',
      [{ organizationId: salesId, tag, mode: 'range', first: '+19175550600', count: 2 }],
      '/numbers',
    );
    await owner.dispose();
    await acme.goto(`/numbers?tag=${tag}`);
    const salesIds = await Promise.all(
      ['0600', '0601'].map((n) => acme.getByRole('checkbox', { name: `Select +1 917 555 ${n}` }).getAttribute('value')),
    );
    await acme.goto(`/numbers?org=${supportId}`);
    const supportRowsBefore = await numbersTable(acme).locator('tbody tr').allInnerTexts();
    expect(supportRowsBefore.length).toBeGreaterThan(0);
    const supportIds = await numbersTable(acme)
      .getByRole('checkbox', { name: /^Select \+/ })
      .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));

    // Globex's owner, on Acme's numbers.
    const page = await asAdmin('globexOwner');
    await page.goto('/numbers');
    const globexId = await organizationId(page, 'Organization', 'Globex (3000)');
    const globex = await playwright.request.newContext({ baseURL, storageState: storageStatePath('globexOwner') });
    const call = (name: string, args: unknown) => callAction(globex, baseURL!, name, [args], '/numbers');
    const results = [
      await call('retagNumbersAction', { ids: salesIds, tag: 'PWNED' }),
      await call('moveNumbersAction', { ids: salesIds, organizationId: salesId }),
      await call('moveNumbersAction', { ids: salesIds, organizationId: globexId }),
      await call('addNumbersAction', { organizationId: salesId, tag: 'PWNED', mode: 'list', list: '+19175550699' }),
    ];
    expect(results[0]!.body).toContain('No numbers were retagged. 2 numbers were not found.');
    expect(results[1]!.body).toContain('Choose an organization.');
    expect(results[2]!.body).toContain('0 numbers moved to Globex (3000). 2 numbers were not found.');
    expect(results[3]!.body).toContain('Choose an organization.');
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body).not.toMatch(/917\s?555|Sales|Acme|E2ES/);
    }
    await globex.dispose();
    await page.goto(`/numbers?org=${salesId}`);
    await expect(page.getByText('No numbers match these filters.')).toBeVisible();
    await page.goto('/numbers?q=917555');
    await expect(page.getByText('No numbers match these filters.')).toBeVisible();

    // The Sales admin, on Support's numbers (a sibling organization).
    const sales = await playwright.request.newContext({ baseURL, storageState: storageStatePath('salesAdmin') });
    const bySales = [
      await callAction(sales, baseURL!, 'retagNumbersAction', [{ ids: supportIds, tag: 'PWNED' }], '/numbers'),
      await callAction(
        sales,
        baseURL!,
        'moveNumbersAction',
        [{ ids: supportIds, organizationId: salesId }],
        '/numbers',
      ),
      await callAction(
        sales,
        baseURL!,
        'addNumbersAction',
        [{ organizationId: supportId, tag: '', mode: 'list', list: '+19175550698' }],
        '/numbers',
      ),
    ];
    const n = supportIds.length;
    expect(bySales[0]!.body).toContain(`No numbers were retagged. ${n} numbers were not found.`);
    expect(bySales[1]!.body).toContain(`0 numbers moved to Sales (2001). ${n} numbers were not found.`);
    expect(bySales[2]!.body).toContain('Choose an organization.');
    for (const r of bySales) expect(r.body).not.toMatch(/Support|212\s?555\s?03/);
    await sales.dispose();
    const salesPage = await asAdmin('salesAdmin');
    await salesPage.goto(`/numbers?org=${supportId}`);
    await expect(salesPage.getByText('No numbers match these filters.')).toBeVisible();

    // Nothing changed.
    await acme.goto(`/numbers?org=${supportId}`);
    await expect.poll(() => numbersTable(acme).locator('tbody tr').allInnerTexts()).toEqual(supportRowsBefore);
    await acme.goto(`/numbers?tag=${tag}`);
    await expect(numbersTable(acme).locator('tbody tr')).toHaveCount(2);
    for (const row of await numbersTable(acme).locator('tbody tr').all())
      await expect(row).toContainText('Sales (2001)');
    await acme.goto('/numbers?q=91755506');
    await expect(numbersTable(acme).getByRole('rowheader')).toHaveText(['+1 917 555 0600', '+1 917 555 0601']);
  });
});
