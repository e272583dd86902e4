import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { axeReport, checkFinalState, checkPageOnGoto } from './axe';

export * from '@playwright/test';

/**
 * What Chromium writes to the console when the Content-Security-Policy refuses something, and what
 * reportViolations below writes for each `securitypolicyviolation` event.
 */
const CSP_MESSAGE = /Content Security Policy|Refused to (execute|load|apply|frame|connect)/i;

/**
 * Runs in every page and frame before the page's own scripts (an init script is not subject to the
 * page's CSP): logs every violation the document reports, in case the browser's own console message
 * does not reach Playwright.
 */
function reportViolations() {
  document.addEventListener('securitypolicyviolation', (event) => {
    const blocked = event.blockedURI || 'inline';
    const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
    console.error(`Content Security Policy violation: ${event.effectiveDirective} refused ${blocked}${where}`);
  });
}

export interface CspFixtures {
  /**
   * The Content-Security-Policy violations seen so far in this test, in any page of a watched context;
   * the test fails if any are left at its end. A test that provokes one on purpose removes it.
   */
  cspViolations: string[];
  /** Watches a context the test opens itself (the `context` fixture, and so `page`, are watched already). */
  watchCsp: (context: BrowserContext) => Promise<void>;
}

export interface AxeFixtures {
  /** On by default; `test.use({ checkAccessibility: false })` turns the automatic axe-core checks off. */
  checkAccessibility: boolean;
  /** The axe-core reports of this test's pages; the test fails if any are left at its end. */
  axeViolations: string[];
  /**
   * Checks the pages of a context with axe-core: each page `page.goto` loads (once per route and worker,
   * see ./axe.ts) and, through `finish` before the context closes, each page as the test left it.
   */
  watchAxe: { watch: (context: BrowserContext) => void; finish: (context: BrowserContext) => Promise<void> };
  /**
   * Checks the page as it is now (a dialog open, an error shown), whatever `checkAccessibility` says;
   * the test goes on and fails at its end with every violation found.
   */
  checkPage: (page: Page, state: string) => Promise<void>;
}

/**
 * Playwright's `test`, failing any test during which a page reported a CSP violation, or in which
 * axe-core found an accessibility violation on a page the test loaded or left open.
 */
export const test = base.extend<CspFixtures & AxeFixtures>({
  checkAccessibility: [true, { option: true }],
  axeViolations: async ({}, use) => {
    const reports: string[] = [];
    await use(reports);
    if (reports.length > 0) {
      throw new Error(
        `axe-core found accessibility violations (each rule's link says how to fix it):\n\n${reports.join('\n\n')}`,
      );
    }
  },
  checkPage: async ({ axeViolations }, use) => {
    await use(async (page, state) => {
      const found = await axeReport(page, state);
      if (found) axeViolations.push(found);
    });
  },
  watchAxe: async ({ checkAccessibility, axeViolations }, use, testInfo) => {
    const report = (text: string) => axeViolations.push(text);
    await use({
      watch: (context) => {
        if (checkAccessibility) context.on('page', (page) => checkPageOnGoto(page, report));
      },
      finish: async (context) => {
        // A test that failed already has its own error to show; its last page is not worth a scan.
        if (!checkAccessibility || testInfo.status !== 'passed') return;
        for (const page of context.pages()) await checkFinalState(page, report);
      },
    });
  },
  cspViolations: async ({}, use) => {
    const violations: string[] = [];
    await use(violations);
    // Torn down after every context that recorded into it (they depend on it), so nothing comes later.
    expect(violations, 'Content Security Policy violations in the browser').toEqual([]);
  },
  watchCsp: async ({ cspViolations }, use) => {
    await use(async (context) => {
      context.on('console', (message) => {
        if (CSP_MESSAGE.test(message.text())) cspViolations.push(`${message.page()?.url()}: ${message.text()}`);
      });
      context.on('weberror', (error) => {
        const text = error.error().message;
        if (CSP_MESSAGE.test(text)) cspViolations.push(`${error.page()?.url()}: ${text}`);
      });
      await context.addInitScript(reportViolations);
    });
  },
  context: [
    async ({ context, watchCsp, watchAxe }, use) => {
      await watchCsp(context);
      watchAxe.watch(context);
      await use(context);
      await watchAxe.finish(context);
    },
    // The closing axe-core scan gets time of its own rather than the test's.
    { scope: 'test', timeout: 120_000 },
  ],
});

export { expect };
