import { expect, type Locator, type Page } from './test';

/** What has the focus, said briefly: its tag, role or label, and text. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(the page itself)';
    const name = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40);
    const role = el.getAttribute('role') ?? el.tagName.toLowerCase();
    return `${role} "${name}"`;
  });
}

/**
 * Presses Tab until `target` has the focus, as a keyboard user would (Shift+Tab when it comes before
 * the focused element): fails with the path the focus took when `max` presses never reach it.
 */
export async function tabTo(page: Page, target: Locator, { max = 80 } = {}): Promise<void> {
  await expect(target).toBeVisible();
  const backwards = await target.evaluate((el) => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return false;
    return Boolean(focused.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
  });
  const key = backwards ? 'Shift+Tab' : 'Tab';
  const path: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === document.activeElement)) return;
    path.push(await describeFocus(page));
  }
  throw new Error(
    `${max} presses of ${key} never reached ${target.toString()}; the focus went to:\n${path.join('\n')}`,
  );
}

/** Opens a dialog from its trigger with the keyboard alone (Tab to it, Enter) and returns the dialog. */
export async function openWithKeyboard(page: Page, trigger: Locator, dialog: Locator): Promise<Locator> {
  await tabTo(page, trigger);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  // The focus moved into the dialog (Radix focuses its first focusable element).
  await expect
    .poll(() => dialog.evaluate((el) => el.contains(document.activeElement)), { message: 'the focus is in the dialog' })
    .toBe(true);
  return dialog;
}

/** Escape closes the dialog and gives the focus back to the control that opened it. */
export async function escapeReturnsFocus(page: Page, dialog: Locator, trigger: Locator): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
}
