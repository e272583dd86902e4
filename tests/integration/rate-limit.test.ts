import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { hitRateLimit, peekRateLimit, purgeExpiredRateLimits, refundRateLimit, resetRateLimit } from '@/lib/rate-limit';
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

  it('takes hits back without going below zero, and counts an amount at once', async () => {
    assert.equal(await hitRateLimit(t.db, 'k5', 60, 40), 40);
    await refundRateLimit(t.db, 'k5', 15);
    assert.equal(await peekRateLimit(t.db, 'k5'), 25);
    await refundRateLimit(t.db, 'k5', 100);
    assert.equal(await peekRateLimit(t.db, 'k5'), 0);
  });

  it('purges expired counters only', async () => {
    await hitRateLimit(t.db, 'old-1', 60);
    await hitRateLimit(t.db, 'old-2', 60);
    await hitRateLimit(t.db, 'live', 60);
    await t.db
      .update(rateLimits)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(sql`${rateLimits.key} like 'old-%'`);
    assert.ok((await purgeExpiredRateLimits(t.db, 1)) >= 2);
    const keys = (await t.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    assert.ok(!keys.includes('old-1') && !keys.includes('old-2'), 'expired counters are gone');
    assert.ok(keys.includes('live'), 'a live counter stays');
  });
});
