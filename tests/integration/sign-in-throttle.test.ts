import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestDatabase, seedDemo, type TestDatabase } from '@/tests/helpers/test-db';
import { rateLimits } from '@/db/schema';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo-data';
import { authenticateAdministrator, type AuthenticateResult } from '@/lib/auth/authenticate';
import { issueDeviceCookie, trustedDeviceId } from '@/lib/auth/device-cookie';
import { PasswordCheckBusyError, SCRYPT_QUEUE_LIMIT, verifyPassword } from '@/lib/auth/password';
import { SIGN_IN_THROTTLE } from '@/lib/auth/sign-in-throttle';
import { hitRateLimit } from '@/lib/rate-limit';

const OWNER = 'owner@acme.test';

describe('sign-in throttling', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  after(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.db.delete(rateLimits);
  });

  const attempt = (password: string, address: string | null, device: string | null = null) =>
    authenticateAdministrator(t.db, {
      email: OWNER,
      password,
      trustedDeviceId: device,
      meta: { ipAddress: address, userAgent: 'test' },
    });
  const reasons = (results: AuthenticateResult[]) =>
    results.reduce<Record<string, number>>((acc, r) => {
      const key = r.ok ? 'ok' : r.reason;
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});

  it('counts a burst of concurrent guesses before any password is checked: exactly the limit gets through', async () => {
    const burst = 3 * SIGN_IN_THROTTLE.perEmailAndAddress;
    const results = await Promise.all(Array.from({ length: burst }, () => attempt('wrong-guess', '203.0.113.9')));
    assert.deepEqual(reasons(results), {
      invalid: SIGN_IN_THROTTLE.perEmailAndAddress,
      throttled: burst - SIGN_IN_THROTTLE.perEmailAndAddress,
    });
    // Throttled even with the right password, from that address and with no known browser.
    const right = await attempt(DEMO_PASSWORD, '203.0.113.9');
    assert.equal(right.ok, false);
    assert.equal(!right.ok && right.reason, 'throttled');
  });

  it("strangers' failures do not keep the administrator out: other addresses and their own browser get in", async () => {
    for (const stranger of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      for (let i = 0; i < SIGN_IN_THROTTLE.perEmailAndAddress + 2; i++) await attempt('guess', stranger);
    }
    const fromOffice = await attempt(DEMO_PASSWORD, '192.0.2.10');
    assert.equal(fromOffice.ok, true, 'the right password from the administrator’s own address signs in');
  });

  it('a browser that signed in before gets in even when unknown browsers are slowed down for the email', async () => {
    const cookie = issueDeviceCookie(OWNER);
    const device = trustedDeviceId(cookie, OWNER);
    assert.ok(device);
    // Failures from many addresses up to the email's ceiling for unknown browsers (most of them
    // counted at once, to keep the test fast; the last few through real attempts).
    await hitRateLimit(t.db, `sign-in:email:${OWNER}`, 900, SIGN_IN_THROTTLE.perEmailFromUnknownBrowsers - 5);
    await Promise.all(Array.from({ length: 6 }, (_, i) => attempt('guess', `10.1.0.${i}`)));
    const newBrowser = await attempt(DEMO_PASSWORD, '192.0.2.20');
    assert.equal(!newBrowser.ok && newBrowser.reason, 'throttled', 'an unknown browser waits');
    const ownBrowser = await attempt(DEMO_PASSWORD, '192.0.2.20', device);
    assert.equal(ownBrowser.ok, true, 'the known browser signs in');
  });

  it("a known browser's own failures still slow it down", async () => {
    const device = trustedDeviceId(issueDeviceCookie(OWNER), OWNER);
    for (let i = 0; i < SIGN_IN_THROTTLE.perDevice; i++) {
      const r = await attempt('guess', '192.0.2.30', device);
      assert.equal(!r.ok && r.reason, 'invalid');
    }
    const next = await attempt(DEMO_PASSWORD, '192.0.2.30', device);
    assert.equal(!next.ok && next.reason, 'throttled');
  });

  it('limits one address across many emails, and a success does not count against it', async () => {
    const address = '198.51.100.77';
    assert.equal((await attempt(DEMO_PASSWORD, address)).ok, true);
    // Failures up to the address's limit (most counted at once, to keep the test fast).
    await hitRateLimit(t.db, `sign-in:address:${address}`, 900, SIGN_IN_THROTTLE.perAddress - 5);
    for (let i = 0; i < 5; i++) {
      await authenticateAdministrator(t.db, {
        email: `nobody${i}@example.test`,
        password: 'guess',
        trustedDeviceId: null,
        meta: { ipAddress: address, userAgent: 'test' },
      });
    }
    const next = await attempt(DEMO_PASSWORD, address);
    assert.equal(!next.ok && next.reason, 'throttled');
  });

  it('a device cookie is bound to its email and cannot be forged', () => {
    const cookie = issueDeviceCookie(OWNER);
    assert.ok(trustedDeviceId(cookie, 'OWNER@acme.test '), 'the same email, any case');
    assert.equal(trustedDeviceId(cookie, 'sales.admin@acme.test'), null, 'another email');
    const [id, mac] = cookie.split('.');
    assert.equal(trustedDeviceId(`${id}x.${mac}`, OWNER), null, 'another device id');
    assert.equal(trustedDeviceId(`${id}.${mac!.slice(1)}A`, OWNER), null, 'another signature');
    assert.equal(trustedDeviceId('garbage', OWNER), null);
    assert.equal(trustedDeviceId(undefined, OWNER), null);
  });

  it('caps concurrent scrypt work: past the queue limit a check is refused at once as busy', async () => {
    const hash = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$' + Buffer.alloc(32).toString('base64url');
    const checks = await Promise.allSettled(
      Array.from({ length: SCRYPT_QUEUE_LIMIT + 40 }, () => verifyPassword('guess', hash)),
    );
    const busy = checks.filter((c) => c.status === 'rejected' && c.reason instanceof PasswordCheckBusyError).length;
    const done = checks.filter((c) => c.status === 'fulfilled').length;
    assert.ok(busy > 0, 'some checks are refused as busy');
    assert.ok(busy <= 40, `at most the overflow is refused (${busy})`);
    assert.equal(busy + done, checks.length, 'nothing else fails');
  });
});
