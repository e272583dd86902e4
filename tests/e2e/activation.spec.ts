import { expect, test } from '../helpers/e2e/test';
import type { ActivationApiBody } from '../helpers/activation-api';

// The activation page and API as an outsider meets them. The whole journey (invite → mailbox →
// activate) is in invitations.spec.ts.

const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules|\.tsx?:\d+|Error:/;

test.describe('Activation', () => {
  test('an unknown link shows a page that says what to do, kept out of search engines', async ({ page }) => {
    const response = await page.goto('/activate/this-is-not-a-real-token');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'This invitation link is not valid' })).toBeVisible();
    await expect(page.getByText('ask your administrator to send you a new invitation')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Activate' })).toHaveCount(0);
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
    expect(await page.content()).not.toMatch(STACK_TRACE);
  });

  test('the API refuses a malformed body with invalid_request and the fields at fault', async ({ request }) => {
    const notJson = await request.post('/api/v1/activations', {
      headers: { 'Content-Type': 'application/json' },
      data: '{"username": ',
    });
    expect(notJson.status()).toBe(400);
    expect(notJson.headers()['cache-control']).toContain('no-store');
    const notJsonBody = (await notJson.json()) as ActivationApiBody;
    expect(notJsonBody.error?.code).toBe('invalid_request');
    expect(JSON.stringify(notJsonBody)).not.toMatch(STACK_TRACE);

    const missing = await request.post('/api/v1/activations', { data: { username: 'someone@acme.test' } });
    expect(missing.status()).toBe(400);
    const body = (await missing.json()) as ActivationApiBody;
    expect(body.error?.code).toBe('invalid_request');
    expect(Object.keys(body.error?.fields ?? {}).sort()).toEqual(['password', 'personalPhone']);
  });

  test('the API answers an unknown user with 401 invalid_credentials and no details', async ({ request }) => {
    const response = await request.post('/api/v1/activations', {
      data: { username: 'nobody.at.all@acme.test', password: 'abcd-efgh-jkmn', personalPhone: '+14155550100' },
    });
    expect(response.status()).toBe(401);
    expect(response.headers()['cache-control']).toContain('no-store');
    const body: unknown = await response.json();
    expect(body).toEqual({
      error: {
        code: 'invalid_credentials',
        message: 'The username or activation password is incorrect. Check them against your latest invitation.',
      },
    });
  });
});
