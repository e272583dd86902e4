import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { hitRateLimit, peekRateLimit, resetRateLimit } from '@/lib/rate-limit';
import {
  clearSignInFailures,
  isSignInThrottled,
  recordFailedSignIn,
  SIGN_IN_THROTTLE,
} from '@/lib/auth/sign-in-throttle';
import { rateLimits } from '@/db/schema';

describe('rate limits', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.close();
  });

  it('counts hits in the window and peeks without counting', async () => {
    assert.equal(await peekRateLimit(t.db, 'k1'), 0);
    assert.equal(await hitRateLimit(t.db, 'k1', 60), 1);
    assert.equal(await hitRateLimit(t.db, 'k1', 60), 2);
    assert.equal(await peekRateLimit(t.db, 'k1'), 2);
    assert.equal(await peekRateLimit(t.db, 'k2'), 0);
  });

  it('starts a new window once the old one has passed', async () => {
    await hitRateLimit(t.db, 'k3', 60);
    await hitRateLimit(t.db, 'k3', 60);
    await t.db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '2 minutes'`, expiresAt: sql`now() - interval '1 minute'` })
      .where(sql`key = 'k3'`);
    assert.equal(await peekRateLimit(t.db, 'k3'), 0);
    assert.equal(await hitRateLimit(t.db, 'k3', 60), 1);
  });

  it('counts concurrent hits exactly', async () => {
    const counts = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(t.db, 'k4', 60)));
    assert.deepEqual(
      [...counts].sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    await resetRateLimit(t.db, 'k4');
    assert.equal(await peekRateLimit(t.db, 'k4'), 0);
  });

  it('throttles sign-ins per email after the limit, and a success forgives the email', async () => {
    for (let i = 0; i < SIGN_IN_THROTTLE.perEmail - 1; i++)
      await recordFailedSignIn(t.db, 'Victim@Acme.test', `10.0.0.${i}`);
    assert.equal(await isSignInThrottled(t.db, 'victim@acme.test', '192.0.2.1'), false);
    await recordFailedSignIn(t.db, 'victim@acme.test', '10.0.0.99');
    assert.equal(await isSignInThrottled(t.db, 'VICTIM@acme.test', '192.0.2.1'), true);
    assert.equal(await isSignInThrottled(t.db, 'other@acme.test', '192.0.2.1'), false);
    await clearSignInFailures(t.db, 'victim@acme.test');
    assert.equal(await isSignInThrottled(t.db, 'victim@acme.test', '192.0.2.1'), false);
  });

  it('throttles sign-ins per client address across emails', async () => {
    for (let i = 0; i < SIGN_IN_THROTTLE.perAddress; i++)
      await recordFailedSignIn(t.db, `user${i}@acme.test`, '198.51.100.7');
    assert.equal(await isSignInThrottled(t.db, 'fresh@acme.test', '198.51.100.7'), true);
    assert.equal(await isSignInThrottled(t.db, 'fresh@acme.test', '198.51.100.8'), false);
  });
});
