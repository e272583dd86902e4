import { test as base, expect, type BrowserContext } from '@playwright/test';

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

/** Playwright's `test`, failing any test during which a page reported a CSP violation. */
export const test = base.extend<CspFixtures>({
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
  context: async ({ context, watchCsp }, use) => {
    await watchCsp(context);
    await use(context);
  },
});

export { expect };
