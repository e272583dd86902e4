import { test as base, type Page } from '@playwright/test';
import { type AdminName, storageStatePath } from './admins';

/** `asAdmin('salesAdmin')` opens a page already signed in as that demo administrator. */
export const test = base.extend<{ asAdmin: (name: AdminName) => Promise<Page> }>({
  asAdmin: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (name) => {
      const context = await browser.newContext({ storageState: storageStatePath(name) });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});

export { expect } from '@playwright/test';

/** The names in the User Name column, in order. */
export async function userNames(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Accounts' }).getByRole('rowheader').allInnerTexts();
}
