import type { ActivationApiBody } from '../helpers/activation-api';
import { expect, test } from '../helpers/e2e/fixtures';
import { messageText, openNewestMessage } from '../helpers/e2e/mailbox';
import { uniqueSuffix } from '../helpers/e2e/unique';

// Reserved tags (docs/product.md#headroom): an owner reserves a tag on the Numbers page; an invited user
// is then never offered its numbers (nor given one by the API); an administrator assigns one with
// Assign Number, and gives it back with No number. The spec adds its own numbers (+1 917 555 07xx,
// unused by the seeds and other specs) with a tag unique to the run, into Acme Corp.

const PASSWORD_PATTERN = /\b[2-9a-km-zA-HJ-NP-Z]{4}-[2-9a-km-zA-HJ-NP-Z]{4}-[2-9a-km-zA-HJ-NP-Z]{4}\b/;

test.describe('Reserved numbers', () => {
  // A long journey on a shared, busy machine: the default 30 s is for single steps.
  test.describe.configure({ timeout: 120_000 });

  test('an owner reserves a tag; activation never offers it; Assign Number gives it, then No number', async ({
    asAdmin,
    request,
  }) => {
    const suffix = uniqueSuffix();
    const tag = `E2ERES${suffix.toUpperCase()}`;
    const email = `rhea.reserved.${suffix}@acme.test`;
    const page = await asAdmin('acmeOwner');

    // Two numbers with the new tag, into Acme Corp.
    await page.goto('/numbers');
    await page.getByRole('button', { name: 'Add numbers' }).click();
    const add = page.getByRole('dialog', { name: 'Add numbers' });
    const acmeId = await add
      .getByLabel('Organization')
      .locator('option', { hasText: 'Acme Corp (2000)' })
      .first()
      .getAttribute('value');
    await add.getByLabel('Organization').selectOption(acmeId ?? '');
    await add.getByLabel('Tag (optional)').fill(tag);
    await add.getByLabel('First number').fill('(917) 555-0700');
    await add.getByLabel('How many').fill('2');
    await add.getByRole('button', { name: 'Add numbers' }).click();
    await expect(add).toBeHidden();

    // Reserve it with the keyboard, by name (Mark reserved); its Reserved switch then shows it.
    const reservedTags = page.getByRole('region', { name: 'Reserved tags' });
    await expect(reservedTags.getByRole('switch', { name: 'PORTED Reserved' })).toBeChecked();
    await reservedTags.getByLabel('Tag to reserve').fill(tag.toLowerCase());
    await reservedTags.getByLabel('Tag to reserve').press('Enter');
    await expect(reservedTags.getByRole('status')).toHaveText(
      `${tag} is reserved: its numbers are assigned only by an administrator.`,
    );
    await expect(reservedTags.getByRole('switch', { name: `${tag} Reserved` })).toBeChecked();
    await page.goto('/numbers?q=91755507');
    const rows = page.getByRole('table', { name: 'Numbers' }).locator('tbody tr');
    await expect(rows).toHaveCount(2);
    for (const row of await rows.all()) await expect(row).toContainText('Reserved');

    // A user invited without a number: the activation page offers no reserved number or tag.
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Add Account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Account' });
    await dialog.getByLabel('First Name').fill('Rhea');
    await dialog.getByLabel('Last Name').fill(`Reserved ${suffix}`);
    await dialog.getByLabel('Email or Device #').fill(email);
    await expect(dialog.getByLabel('User Permissions')).toHaveValue(/.+/);
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await expect(dialog).toBeHidden();

    await openNewestMessage(page, email);
    const text = await messageText(page);
    const password = PASSWORD_PATTERN.exec(text)?.[0];
    expect(password, 'the message carries the activation password').toBeTruthy();
    const link = await page.getByRole('link', { name: 'Open activation link' }).first().getAttribute('href');
    await page.goto(link!);
    const choice = page.getByLabel('Number', { exact: true });
    await expect(choice.locator('option').nth(1)).toBeAttached();
    await expect(choice.locator('option', { hasText: tag })).toHaveCount(0);
    await expect(choice.locator('option', { hasText: 'PORTED' })).toHaveCount(0);
    await expect(choice.locator('option', { hasText: '+1 917 555 0700' })).toHaveCount(0);

    // The API refuses them when named, and lists none of them among its choices.
    for (const named of [{ tag }, { number: '+19175550700' }, { tag: 'PORTED' }]) {
      const response = await request.post('/api/v1/activations', {
        data: { username: email, password, personalPhone: '+14155550177', ...named },
      });
      const body = (await response.json()) as ActivationApiBody;
      expect(response.status(), JSON.stringify(body)).toBe(409);
      expect(body.error?.code).toBe('number_taken');
      expect(JSON.stringify(body.error?.choices)).not.toContain(tag);
      expect(JSON.stringify(body.error?.choices)).not.toContain('+19175550700');
    }

    // Assign Number: the reserved number, marked so in the picker.
    await page.goto(`/accounts?q=${encodeURIComponent(email)}`);
    const name = `Rhea Reserved ${suffix}`;
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await page.getByRole('button', { name: 'Assign Number' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign Number' });
    await assign.getByLabel('Search available numbers').fill('0700');
    const picker = assign.getByLabel('Number or tag');
    await expect(picker.locator('option', { hasText: `+1 917 555 0700 (${tag}, reserved)` })).toHaveCount(1);
    await expect(picker.locator('option', { hasText: `${tag} (2 available, reserved)` })).toHaveCount(1);
    await picker.selectOption('+19175550700');
    await assign.getByRole('button', { name: 'Assign' }).click();
    await expect(assign).toBeHidden();
    await expect(page.getByRole('status')).toHaveText(`${name} now has the number +1 917 555 0700.`);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('+1 917 555 0700');

    // No number: the number goes back to the pool.
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await page.getByRole('button', { name: 'Assign Number' }).click();
    await expect(assign.getByText(`${name}: +1 917 555 0700 (${tag})`)).toBeVisible();
    await assign.getByLabel('Number or tag').selectOption({ index: 0 });
    await assign.getByRole('button', { name: 'Assign' }).click();
    await expect(assign).toBeHidden();
    await expect(page.getByRole('status')).toHaveText(
      `${name} has no number now: the number went back to the pool, and they choose one at activation.`,
    );
    await expect(row).not.toContainText('+1 917 555 0700');
  });
});
