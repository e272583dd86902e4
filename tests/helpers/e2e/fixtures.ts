import { test as base, expect, type Page } from './test';
import { type AdminName, storageStatePath } from './admins';

/**
 * `asAdmin('salesAdmin')` opens a page already signed in as that demo administrator. Its context is
 * watched for CSP violations and checked with axe-core like the built-in `page` (./test.ts).
 */
export const test = base.extend<{ asAdmin: (name: AdminName) => Promise<Page> }>({
  asAdmin: [
    async ({ browser, watchCsp, watchAxe }, use) => {
      const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
      await use(async (name) => {
        const context = await browser.newContext({ storageState: storageStatePath(name) });
        contexts.push(context);
        await watchCsp(context);
        watchAxe.watch(context);
        return context.newPage();
      });
      for (const context of contexts) await watchAxe.finish(context);
      await Promise.all(contexts.map((c) => c.close()));
    },
    // The closing axe-core scans get time of their own rather than the test's.
    { timeout: 120_000 },
  ],
});

/** Waits until the User Name column shows exactly these names, in order (web-first, so no race with a navigation). */
export async function expectNames(page: Page, names: string[]) {
  await expect(page.getByRole('table', { name: 'Accounts' }).getByRole('rowheader')).toHaveText(names);
}

/** The names in the User Name column, in order; read only after waiting for the page's new content. */
export async function userNames(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Accounts' }).getByRole('rowheader').allInnerTexts();
}

export { expect };
