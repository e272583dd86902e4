import AxeBuilder from '@axe-core/playwright';
import { type Page, type Response, test } from '@playwright/test';

/**
 * What every page and dialog must pass: WCAG 2.0, 2.1 and 2.2 at levels A and AA (the product's
 * promise is WCAG 2.2 AA), plus axe-core's best practices (landmarks, one main heading, heading order,
 * unique landmark names…), which catch what a screen-reader user trips over first.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

/** Errors that mean the page moved on while axe ran: not a finding, the scan is simply retried. */
const NAVIGATED = /Execution context was destroyed|frame was detached|navigat/i;

/** Room for one scan, however busy the machine; given back, less what the scan took, after it. */
const SCAN_ALLOWANCE = 60_000;

function where(url: string): string {
  try {
    const { pathname, search } = new URL(url);
    return `${pathname}${search}`;
  } catch {
    return url;
  }
}

function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One violation as lines a person can act on: the rule, why, where (selector and markup), the fix. */
function describeViolation(violation: Violation): string {
  const lines = [
    `  ✗ ${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}`,
    `    ${violation.helpUrl}`,
  ];
  for (const node of violation.nodes.slice(0, 5)) {
    // Not "at …": Playwright would take such lines for a stack trace and move them away from the rule.
    lines.push(`    ▸ ${node.target.join(' ')}`, `      ${clip(node.html)}`);
    const summary = (node.failureSummary ?? '').split('\n').find((l) => l.trim() && !/^Fix (any|all)/.test(l));
    if (summary) lines.push(`      ${clip(summary.trim(), 240)}`);
  }
  if (violation.nodes.length > 5) lines.push(`    …and ${violation.nodes.length - 5} more elements`);
  return lines.join('\n');
}

/**
 * Runs axe-core on the page as it is now (every frame included) and returns the violations as one
 * readable report per page, or null when there are none. `state` says what the page showed, e.g.
 * "after page.goto" or "with the Add Account dialog open".
 */
export async function axeReport(page: Page, state: string): Promise<string | null> {
  // The scan is the check's cost, not the test's: it does not eat into the test's own time limit.
  const info = test.info();
  const timeout = info.timeout;
  const started = performance.now();
  if (timeout > 0) info.setTimeout(timeout + SCAN_ALLOWANCE);
  let results: AxeResults | undefined;
  for (let attempt = 1; !results; attempt++) {
    try {
      results = await new AxeBuilder({ page })
        .withTags(AXE_TAGS)
        .options({ resultTypes: ['violations'] })
        .analyze();
    } catch (error) {
      if (attempt >= 3 || !NAVIGATED.test(String(error))) throw error;
      await page.waitForLoadState('load');
    }
  }
  if (timeout > 0) info.setTimeout(timeout + Math.ceil(performance.now() - started));
  if (results.violations.length === 0) return null;
  const count = results.violations.length;
  return [
    `${where(page.url())} (${state}): ${count} axe-core ${count === 1 ? 'violation' : 'violations'}`,
    ...results.violations.map(describeViolation),
  ].join('\n');
}

/** Only HTML documents are pages (an export, an API answer or a download are not). */
async function isHtmlPage(page: Page, response: Response | null): Promise<boolean> {
  if (page.isClosed() || !/^https?:/.test(page.url())) return false;
  if (response) return (response.headers()['content-type'] ?? '').includes('text/html');
  return page.evaluate(() => document.contentType === 'text/html').catch(() => false);
}

/**
 * States already checked by this worker. Right after loading, the same route with the same query
 * parameters (ids and tokens aside) is checked once, so a spec that reloads /accounts twenty times
 * pays for one scan. A test's final state is checked once per route and kind of state: which dialogs
 * are open, whether a field is invalid, whether a status or alert says something.
 */
const checked = new Set<string>();

function routeKey(url: string): string {
  const { pathname, searchParams } = new URL(url);
  const route = pathname
    .split('/')
    .map((segment) => (/^[0-9a-f-]{36}$|^[\w-]{20,}$|^\d+$/i.test(segment) ? ':id' : segment))
    .join('/');
  return `${route}?${[...new Set(searchParams.keys())].sort().join('&')}`;
}

/** What kind of state the page is in, beyond its route (see `checked`). */
function stateKey(page: Page): Promise<string> {
  return page.evaluate(() => {
    // A dialog by its role and first words, counts aside ("Move 1 account", "Move 2 accounts").
    const dialogs = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"]')].map(
      (d) => `${d.getAttribute('role')}: ${(d.textContent ?? '').slice(0, 30).replace(/\d+/g, '#')}`,
    );
    const invalid = document.querySelector('[aria-invalid="true"]') !== null;
    const said = [...document.querySelectorAll('[role="status"], [role="alert"]')].some((s) => s.textContent?.trim());
    return JSON.stringify({ dialogs, invalid, said });
  });
}

/** True the first time this worker meets `key`. */
function firstTime(key: string): boolean {
  if (checked.has(key)) return false;
  checked.add(key);
  return true;
}

/**
 * Makes `page.goto` check the page it loaded (once per route and worker, see `checked`). Reports go
 * to `report`; the caller fails the test with them at its end.
 */
export function checkPageOnGoto(page: Page, report: (text: string) => void): void {
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    if (!(await isHtmlPage(page, response))) return response;
    if (!firstTime(`loaded ${routeKey(page.url())}`)) return response;
    const found = await axeReport(page, 'after page.goto');
    if (found) report(found);
    return response;
  };
}

/**
 * Checks the page as the test left it (a dialog still open, a result shown, a page reached by a
 * click), once per route and kind of state and worker (see `checked`).
 */
export async function checkFinalState(page: Page, report: (text: string) => void): Promise<void> {
  if (!(await isHtmlPage(page, null))) return;
  try {
    if (!firstTime(`left ${routeKey(page.url())} ${await stateKey(page)}`)) return;
    const found = await axeReport(page, 'as the test left it');
    if (found) report(found);
  } catch (error) {
    // A page the test closed meanwhile has nothing left to check.
    if (!page.isClosed()) throw error;
  }
}
