import type { Page } from '../helpers/e2e/test';
import { callAction } from '../helpers/e2e/actions';
import { storageStatePath } from '../helpers/e2e/admins';
import { expect, test } from '../helpers/e2e/fixtures';
import { uniqueSuffix } from '../helpers/e2e/unique';

// Organizations this spec creates are named "E2E …" (tests/e2e/scope.spec.ts leaves them out of its
// exact lists) and carry a unique suffix, so the spec runs against the one shared server any number of times.

/** The value of the option whose text (indentation aside) is exactly `text`. */
async function optionValue(page: Page, selectLabel: string, text: string, scope = page.locator('body')) {
  const options = scope.getByLabel(selectLabel).locator('option');
  const texts = (await options.allInnerTexts()).map((t) => t.trim());
  const index = texts.indexOf(text);
  expect(index, `option ${text} in ${texts.join(', ')}`).toBeGreaterThanOrEqual(0);
  return (await options.nth(index).getAttribute('value'))!;
}

/** The Organizations table's cells of one organization: Not invited … Headroom. */
async function countsOf(page: Page, rowHeader: string): Promise<string[]> {
  const row = page
    .getByRole('table', { name: 'Organizations' })
    .getByRole('row')
    .filter({
      has: page.getByRole('rowheader', { name: rowHeader, exact: true }),
    });
  return (await row.getByRole('cell').allInnerTexts()).slice(0, 7).map((t) => t.trim());
}

test.describe('Organizations page', () => {
  test('the Acme owner creates a sub-organization under Sales, renames it and manages its groups', async ({
    asAdmin,
  }) => {
    const suffix = uniqueSuffix().toUpperCase();
    const name = `E2E Branch ${suffix}`;
    const renamed = `E2E Renamed ${suffix}`;
    const code = `E2E-${suffix}`.slice(0, 20);
    const page = await asAdmin('acmeOwner');
    await page.goto('/organizations');
    await expect(page.getByRole('heading', { name: 'Organizations', level: 1 })).toBeVisible();
    await expect(page.getByRole('rowheader', { name: 'Support EMEA (2003)' })).toBeVisible();

    await page.getByRole('button', { name: 'Add Sub-organization' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Sub-organization' });
    await dialog
      .getByLabel('Parent organization')
      .selectOption(await optionValue(page, 'Parent organization', 'Sales (2001)', dialog));
    // A code the company already uses is refused next to the field.
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Code').fill('2002');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByText('This code is already used by an organization of your company.')).toBeVisible();
    await expect(dialog.getByLabel('Code')).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByLabel('Code').fill(code);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status')).toHaveText(
      `${name} (${code}) was created with its default group “default cos for org ${code}”.`,
    );

    // In the tree right below Sales, with zero counts and no headroom.
    const header = `${name} (${code})`;
    await expect(page.getByRole('rowheader', { name: header })).toBeVisible();
    const rowHeaders = (
      await page.getByRole('table', { name: 'Organizations' }).getByRole('rowheader').allInnerTexts()
    ).map((t) => t.replace('└', '').trim());
    expect(rowHeaders.indexOf(header)).toBeGreaterThan(rowHeaders.indexOf('Sales (2001)'));
    expect(rowHeaders.indexOf(header)).toBeLessThan(rowHeaders.indexOf('Support (2002)'));
    expect(await countsOf(page, header)).toEqual(['0', '0', '0', '0', '0', '0', '0']);

    // Rename.
    await page.getByRole('button', { name: `Rename ${name}` }).click();
    const rename = page.getByRole('dialog', { name: 'Rename organization' });
    await rename.getByLabel('Name').fill(renamed);
    await rename.getByRole('button', { name: 'Save' }).click();
    await expect(rename).toBeHidden();
    await expect(page.getByRole('status')).toHaveText(`${name} was renamed to ${renamed}.`);
    await expect(page.getByRole('rowheader', { name: `${renamed} (${code})` })).toBeVisible();

    // Its groups: the default made with it; add one and make it the default.
    await page.getByRole('link', { name: `1 group of ${renamed}` }).click();
    const groupsSection = page.getByRole('region', { name: `User Permissions groups of ${renamed} (${code})` });
    await expect(groupsSection).toBeVisible();
    const groups = groupsSection.getByRole('table', { name: 'User Permissions groups' });
    await expect(groups.getByRole('rowheader')).toHaveText([`default cos for org ${code}`]);
    await groupsSection.getByLabel('New group name').fill('Night Shift');
    await groupsSection.getByRole('button', { name: 'Add group' }).click();
    await expect(page.getByRole('status')).toHaveText('Group “Night Shift” was added.');
    await expect(groups.getByRole('rowheader')).toHaveText([`default cos for org ${code}`, 'Night Shift']);
    // The same name again, in another case, is refused next to the field.
    await groupsSection.getByLabel('New group name').fill('night shift');
    await groupsSection.getByRole('button', { name: 'Add group' }).click();
    await expect(groupsSection.getByText('This organization already has a group with this name.')).toBeVisible();

    await groups.getByRole('button', { name: 'Set as default: Night Shift' }).click();
    await expect(page.getByRole('status')).toHaveText('“Night Shift” is now the default group.');
    await expect(groups.getByRole('rowheader')).toHaveText(['Night Shift', `default cos for org ${code}`]);
    await expect(groups.getByRole('row', { name: /Night Shift/ })).toContainText('Default');
    await expect(groups.getByRole('button', { name: 'Set as default: Night Shift' })).toHaveCount(0);

    // The default cannot be deleted.
    await groups.getByRole('button', { name: 'Delete Night Shift' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete group' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'Unable to delete “Night Shift”: it is the organization’s default group. Set another group as the default first.',
    );

    // The Accounts filter shows the new organization at once, under its new name.
    await page.goto('/accounts');
    const filterOptions = (await page.getByLabel('Organization').locator('option').allInnerTexts()).map((t) =>
      t.trim(),
    );
    expect(filterOptions).toContain(`${renamed} (${code})`);
    expect(filterOptions).not.toContain(header);
  });

  test('a group in use cannot be deleted; once unused it can', async ({ asAdmin }) => {
    const suffix = uniqueSuffix().toUpperCase();
    const group = `E2E In Use ${suffix}`;
    const email = `e2e.group.${suffix.toLowerCase()}@acme.test`;
    const page = await asAdmin('acmeOwner');
    await page.goto('/organizations');
    const acmeId = new URL(
      (await page.getByRole('link', { name: /groups? of Acme Corp$/ }).getAttribute('href'))!,
      'http://x',
    ).searchParams.get('org');
    await page.goto(`/organizations?org=${acmeId}`);
    const section = page.getByRole('region', { name: 'User Permissions groups of Acme Corp (2000)' });
    await section.getByLabel('New group name').fill(group);
    await section.getByRole('button', { name: 'Add group' }).click();
    await expect(page.getByRole('status')).toHaveText(`Group “${group}” was added.`);

    // An account in Acme Corp with that group (saved, not invited).
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Add Account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Account' });
    await dialog.getByLabel('Organization').selectOption(acmeId);
    await dialog.getByLabel('First Name').fill('Gus');
    await dialog.getByLabel('Last Name').fill(`Group${suffix}`);
    await dialog.getByLabel('Email or Device #').fill(email);
    await expect(dialog.getByLabel('User Permissions').locator('option', { hasText: group })).toHaveCount(1);
    await dialog.getByLabel('User Permissions').selectOption({ label: group });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();

    await page.goto(`/organizations?org=${acmeId}`);
    const groups = page.getByRole('table', { name: 'User Permissions groups' });
    await expect(
      groups
        .getByRole('row', { name: new RegExp(group) })
        .getByRole('cell')
        .nth(1),
    ).toHaveText('1');
    await groups.getByRole('button', { name: `Delete ${group}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete group' }).click();
    await expect(page.getByRole('status')).toHaveText(
      `Unable to delete “${group}”: 1 account uses it. A group in use cannot be deleted.`,
    );
    await expect(groups.getByRole('rowheader', { name: group })).toBeVisible();

    // Delete the account, then the group goes.
    await page.goto(`/accounts?q=${encodeURIComponent(email)}`);
    await page.getByRole('checkbox', { name: `Select Gus Group${suffix}` }).check();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete accounts' }).click();
    await expect(page.getByRole('status')).toHaveText('1 account deleted.');
    await page.goto(`/organizations?org=${acmeId}`);
    await groups.getByRole('button', { name: `Delete ${group}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete group' }).click();
    await expect(page.getByRole('status')).toHaveText(`Group “${group}” was deleted.`);
    await expect(groups.getByRole('rowheader', { name: group })).toHaveCount(0);
  });

  test('the Sales admin sees only Sales and may not rename it', async ({ asAdmin }) => {
    const page = await asAdmin('salesAdmin');
    await page.goto('/organizations');
    const headers = (
      await page.getByRole('table', { name: 'Organizations' }).getByRole('rowheader').allInnerTexts()
    ).map((t) => t.replace('└', '').trim());
    expect(headers[0]).toBe('Sales (2001)');
    expect(headers.filter((h) => !h.startsWith('E2E '))).toEqual(['Sales (2001)']);
    await expect(page.getByRole('button', { name: 'Rename Sales' })).toHaveCount(0);
    await expect(page.getByText('Support')).toHaveCount(0);
  });

  test('direct calls by another tenant’s owner and by the Sales admin on Support change and reveal nothing', async ({
    asAdmin,
    playwright,
    baseURL,
  }) => {
    const acme = await asAdmin('acmeOwner');
    await acme.goto('/organizations');
    const supportId = new URL(
      (await acme.getByRole('link', { name: /groups? of Support$/ }).getAttribute('href'))!,
      'http://x',
    ).searchParams.get('org')!;
    expect(supportId).toMatch(/^[0-9a-f-]{36}$/);
    await acme.goto(`/organizations?org=${supportId}`);
    const groupId = await acme.getByRole('button', { name: 'Delete default cos for org 2002' }).getAttribute('value');
    expect(groupId).toMatch(/^[0-9a-f-]{36}$/);
    const before = await acme.getByRole('table', { name: 'User Permissions groups' }).innerText();

    for (const who of ['globexOwner', 'salesAdmin'] as const) {
      const intruder = await playwright.request.newContext({ baseURL, storageState: storageStatePath(who) });
      const call = (name: string, args: unknown) => callAction(intruder, baseURL!, name, [args], '/organizations');
      const results = [
        [
          await call('renameOrganizationAction', { organizationId: supportId, name: 'Hacked' }),
          'The organization was not found.',
        ],
        [
          await call('createOrganizationAction', { parentId: supportId, name: 'E2E Intruder', code: 'E2E-INTRUDER' }),
          'Choose the parent organization.',
        ],
        [
          await call('createPermissionGroupAction', { organizationId: supportId, name: 'Hacked' }),
          'The organization was not found.',
        ],
        [await call('renamePermissionGroupAction', { groupId, name: 'Hacked' }), 'The group was not found.'],
        [await call('setDefaultPermissionGroupAction', { groupId }), 'The group was not found.'],
        [await call('deletePermissionGroupAction', { groupId }), 'The group was not found.'],
      ] as const;
      for (const [result, message] of results) {
        expect(result.status).toBe(200);
        expect(result.body).toContain(message);
        expect(result.body).not.toContain('Support');
        expect(result.body).not.toContain('2002');
        expect(result.body).not.toMatch(/at \w+ \(|node_modules|syntax error/);
      }
      await intruder.dispose();
    }

    await acme.reload();
    await expect(acme.getByRole('rowheader', { name: 'Support (2002)' })).toBeVisible();
    await expect.poll(() => acme.getByRole('table', { name: 'User Permissions groups' }).innerText()).toBe(before);
    await expect(acme.getByText('Hacked')).toHaveCount(0);
    await expect(acme.getByText('E2E Intruder')).toHaveCount(0);
  });
});
