import { expect, type Page } from './test';

/** Opens the newest development-mailbox message to `to`, waiting for the drainer to deliver it. */
export async function openNewestMessage(page: Page, to: string): Promise<void> {
  await expect(async () => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    await page.getByRole('table', { name: 'Messages' }).getByRole('link').first().click({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/** The open message's text part. */
export function messageText(page: Page): Promise<string> {
  return page.getByRole('region', { name: 'Text part' }).innerText();
}

/** An activation password as the invitation writes it: three groups of four readable characters. */
const ACTIVATION_PASSWORD = /\b[2-9a-km-zA-HJ-NP-Z]{4}-[2-9a-km-zA-HJ-NP-Z]{4}-[2-9a-km-zA-HJ-NP-Z]{4}\b/;

/** The activation password an invitation's text carries. */
export function passwordIn(text: string): string {
  const match = ACTIVATION_PASSWORD.exec(text);
  expect(match, 'the message carries the activation password').not.toBeNull();
  return match![0];
}

/** The set-password link of the newest message to `to`, read by a signed-in administrator. */
export async function setPasswordLink(page: Page, to: string): Promise<string> {
  await openNewestMessage(page, to);
  const href = await page.getByRole('link', { name: 'Open set-password link' }).first().getAttribute('href');
  expect(href).toBeTruthy();
  return href!;
}

/** Opens the newest mailbox message to `to` (waiting for the drainer to deliver it): its text part and activation link. */
export async function latestMessage(page: Page, to: string): Promise<{ text: string; link: string | null }> {
  await openNewestMessage(page, to);
  const text = await messageText(page);
  expect(text).toContain('/activate/');
  const link = page.getByRole('link', { name: 'Open activation link' });
  return { text, link: (await link.count()) > 0 ? await link.first().getAttribute('href') : null };
}
