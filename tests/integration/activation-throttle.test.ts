import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { phoneNumbers, rateLimits } from '@/db/schema';
import { ACTIVATION_THROTTLE } from '@/lib/activation/activation-throttle';
import { orgIdByCode } from '../helpers/test-db';
import { activationHarness, assertFailure } from '../helpers/activation';

// lib/activation/activation-throttle.ts, through activateAccount: attempts per username and per client address.

describe('activateAccount', () => {
  const h = activationHarness();
  const { activate, accountById, invite, newAccount } = h;

  it('limits attempts per username from one address, counting them before the credentials, even the right ones', async () => {
    const account = await newAccount('2000', { number: '+12125550116' });
    const secrets = await invite(account.id);
    const credentials = { username: secrets.username, password: secrets.password };
    const from = { ipAddress: '203.0.113.70', userAgent: 'test' };
    for (let i = 0; i < ACTIVATION_THROTTLE.perUsernameAndAddress; i++) {
      assertFailure(
        await activate({
          credentials: { username: secrets.username.toUpperCase(), password: `wrong-${i}` },
          personalPhone: '+14155550170',
          request: from,
        }),
        'invalid_credentials',
      );
    }
    const limited = await activate({ credentials, personalPhone: '+14155550170', request: from });
    assertFailure(limited, 'rate_limited');
    assert.ok(limited.retryAfterSeconds > 0 && limited.retryAfterSeconds <= ACTIVATION_THROTTLE.windowSeconds);
    assert.equal((await accountById(account.id)).status, 'invited');

    // The window passing lifts the limit.
    await h.db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '16 minutes'`, expiresAt: sql`now() - interval '1 minute'` })
      .where(sql`${rateLimits.key} like 'activation:user:%'`);
    assert.equal((await activate({ credentials, personalPhone: '+14155550170', request: from })).ok, true);
  });

  it("strangers' failures on a username do not keep its user out: the user's own address activates", async () => {
    const account = await newAccount('2000', { number: '+12125550120' });
    const secrets = await invite(account.id);
    for (const stranger of ['198.51.100.31', '198.51.100.32']) {
      for (let i = 0; i <= ACTIVATION_THROTTLE.perUsernameAndAddress; i++) {
        await activate({
          credentials: { username: secrets.username, password: `wrong-${i}` },
          personalPhone: '+14155550171',
          request: { ipAddress: stranger, userAgent: 'test' },
        });
      }
    }
    const own = await activate({
      credentials: { username: secrets.username, password: secrets.password },
      personalPhone: '+14155550171',
      request: { ipAddress: '192.0.2.44', userAgent: 'test' },
    });
    assert.equal(own.ok, true);
  });

  it('a successful activation never counts against its address: an office behind one address activates freely', async () => {
    const office = { ipAddress: '192.0.2.200', userAgent: 'test' };
    const count = ACTIVATION_THROTTLE.perAddress + 2;
    const organizationId = await orgIdByCode(h.db, '2000');
    await h.db
      .insert(phoneNumbers)
      .values(Array.from({ length: count }, (_, i) => ({ organizationId, e164: `+1212556${1000 + i}` })));
    for (let i = 0; i < count; i++) {
      const account = await newAccount('2000', { number: `+1212556${1000 + i}` });
      const secrets = await invite(account.id);
      const result = await activate({
        credentials: { username: secrets.username, password: secrets.password },
        personalPhone: `+1415555${String(3000 + i).padStart(4, '0')}`,
        request: office,
      });
      assert.equal(result.ok, true, `activation ${i + 1} from the office`);
    }
  });

  it('limits attempts per client address across usernames', async () => {
    const account = await newAccount('2000', { number: '+12125550117' });
    const secrets = await invite(account.id);
    const from = { ipAddress: '203.0.113.77', userAgent: 'test' };
    for (let i = 0; i < ACTIVATION_THROTTLE.perAddress; i++) {
      assertFailure(
        await activate({
          credentials: { username: `guess${i}@acme.test`, password: 'abcd-efgh-jkmn' },
          personalPhone: '+14155550180',
          request: from,
        }),
        'invalid_credentials',
      );
    }
    assertFailure(
      await activate({ credentials: { token: secrets.token }, personalPhone: '+14155550180', request: from }),
      'rate_limited',
    );
    // The same link from another address goes through.
    assert.equal((await activate({ credentials: { token: secrets.token }, personalPhone: '+14155550180' })).ok, true);
  });
});
