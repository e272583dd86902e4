import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { organizations, phoneNumbers } from '@/db/schema';
import { type ActivationResult } from '@/lib/activation/activate-account';
import { queryRows } from '@/db/client';
import { orgIdByCode } from '../helpers/test-db';
import { accountByEmail } from '../helpers/rows';
import { activationHarness, assertFailure } from '../helpers/activation';

// lib/activation/activate-account.ts: by link and by password, the expiry, a new invitation, a reinstall, a race.
// Number choices: activation-number-choices.test.ts; throttling: activation-throttle.test.ts.

describe('activateAccount', () => {
  const h = activationHarness();
  const { activate, accountById, numberOf, currentInvitation, invite, newAccount, expireInvitation, auditOf } = h;

  it('activates by the link: binds the personal phone, sets Active, marks the invitation used, audits', async () => {
    const grace = await accountByEmail(h.db, 'grace.hopper@acme.test');
    const secrets = await invite(grace.id);
    const result = await activate({ credentials: { token: secrets.token }, personalPhone: '(415) 555-0142' });
    assert.deepEqual(result, {
      ok: true,
      accountId: grace.id,
      organizationName: 'Acme Corp',
      username: 'grace.hopper@acme.test',
      number: '+12125550101',
      personalPhone: '+14155550142',
      reinstall: false,
    });
    const after = await accountById(grace.id);
    assert.equal(after.status, 'active');
    assert.equal(after.personalPhone, '+14155550142');
    assert.ok(after.activatedAt);
    assert.ok((await currentInvitation(grace.id)).usedAt);

    const [event] = await auditOf(grace.id);
    assert.equal(event!.action, 'account.activate');
    assert.equal(event!.actorAdminId, null);
    assert.equal(event!.tenantId, await orgIdByCode(h.db, '2000'));
    assert.deepEqual(event!.details, { number: '+12125550101', reinstall: false, channel: 'web' });
    const logged = JSON.stringify(event);
    assert.ok(!logged.includes(secrets.token) && !logged.includes(secrets.password), 'no secret in the audit');
  });

  it('activates by username and password: a device # in national format, the password without dashes', async () => {
    const account = await newAccount('2001', { number: '+12125550210', device: '+14155550177' });
    const secrets = await invite(account.id);
    assert.equal(secrets.username, '+14155550177');
    const result = await activate({
      credentials: { username: '(415) 555-0177', password: secrets.password.replace(/-/g, '') },
      personalPhone: '+1 415 555 0178',
    });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal((await accountById(account.id)).personalPhone, '+14155550178');
    const [event] = await auditOf(account.id);
    assert.equal((event!.details as { channel: string }).channel, 'app');
  });

  it('takes the email username case-insensitively', async () => {
    const account = await newAccount('2000', { number: '+12125550111' });
    const secrets = await invite(account.id);
    const result = await activate({
      credentials: { username: `  ${secrets.username.toUpperCase()} `, password: secrets.password },
      personalPhone: '+14155550111',
    });
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  it('answers an unknown username, a wrong password and an unknown link alike, and changes nothing', async () => {
    const account = await newAccount('2000', { number: '+12125550112' });
    const secrets = await invite(account.id);
    const wrong = await activate({
      credentials: { username: secrets.username, password: 'abcd-efgh-jkmn' },
      personalPhone: '+14155550112',
    });
    const unknown = await activate({
      credentials: { username: 'nobody@acme.test', password: secrets.password },
      personalPhone: '+14155550112',
    });
    assertFailure(wrong, 'invalid_credentials');
    assertFailure(unknown, 'invalid_credentials');
    assert.equal(wrong.message, unknown.message);
    assertFailure(
      await activate({ credentials: { token: 'not-a-real-token' }, personalPhone: '+14155550112' }),
      'invalid_credentials',
    );
    assert.equal((await accountById(account.id)).status, 'invited');
    assert.equal((await auditOf(account.id)).length, 0);
  });

  it('refuses an invalid personal phone, and reads a national one in the tenant’s default country', async () => {
    const account = await newAccount('3000', { number: '+13125550105' });
    const secrets = await invite(account.id);
    assertFailure(await activate({ credentials: { token: secrets.token }, personalPhone: '12345' }), 'invalid_phone');
    assert.equal((await accountById(account.id)).status, 'invited');

    await h.db.update(organizations).set({ defaultCountry: 'GB' }).where(eq(organizations.code, '3000'));
    try {
      const result = await activate({ credentials: { token: secrets.token }, personalPhone: '020 7946 0958' });
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal((await accountById(account.id)).personalPhone, '+442079460958');
    } finally {
      await h.db.update(organizations).set({ defaultCountry: 'US' }).where(eq(organizations.code, '3000'));
    }
  });

  it('refuses the first activation after the expiry, by link and by password', async () => {
    const account = await newAccount('2000', { number: '+12125550113' });
    const secrets = await invite(account.id);
    await expireInvitation(account.id);
    const byLink = await activate({ credentials: { token: secrets.token }, personalPhone: '+14155550140' });
    assertFailure(byLink, 'invitation_expired');
    assert.match(byLink.message, /administrator to resend the invitation/);
    assertFailure(
      await activate({
        credentials: { username: secrets.username, password: secrets.password },
        personalPhone: '+14155550140',
      }),
      'invitation_expired',
    );
    const after = await accountById(account.id);
    assert.equal(after.status, 'invited');
    assert.equal(after.personalPhone, null);
    assert.equal((await currentInvitation(account.id)).usedAt, null);
  });

  it('a new invitation supersedes the old password and link; the new ones work', async () => {
    const account = await newAccount('2000', { number: '+12125550114' });
    const old = await invite(account.id);
    const current = await invite(account.id);
    const byOldPassword = await activate({
      credentials: { username: old.username, password: old.password },
      personalPhone: '+14155550150',
    });
    assertFailure(byOldPassword, 'invitation_superseded');
    assert.match(byOldPassword.message, /newer invitation/);
    assertFailure(
      await activate({ credentials: { token: old.token }, personalPhone: '+14155550150' }),
      'invitation_superseded',
    );
    assert.equal((await accountById(account.id)).status, 'invited');

    const byNewPassword = await activate({
      credentials: { username: current.username, password: current.password },
      personalPhone: '+14155550150',
    });
    assert.equal(byNewPassword.ok, true, JSON.stringify(byNewPassword));
    // The new link is the same invitation: a reinstall through it works too; the old one still does not.
    assert.equal((await activate({ credentials: { token: current.token }, personalPhone: '+14155550150' })).ok, true);
    assertFailure(
      await activate({ credentials: { token: old.token }, personalPhone: '+14155550150' }),
      'invitation_superseded',
    );
  });

  it('a reinstall with the same personal phone works after the expiry; another phone is refused', async () => {
    const account = await newAccount('2000', { number: '+12125550115' });
    const secrets = await invite(account.id);
    const credentials = { username: secrets.username, password: secrets.password };
    assert.equal((await activate({ credentials, personalPhone: '+14155550160' })).ok, true);
    const activatedAt = (await accountById(account.id)).activatedAt;
    await expireInvitation(account.id);

    const again = await activate({ credentials, personalPhone: '415-555-0160' });
    assert.equal(again.ok, true, JSON.stringify(again));
    assert.equal(again.ok && again.reinstall, true);
    assert.deepEqual((await accountById(account.id)).activatedAt, activatedAt, 'a reinstall keeps the first date');
    const events = await auditOf(account.id);
    assert.deepEqual(
      events.map((e) => (e.details as { reinstall: boolean }).reinstall),
      [false, true],
    );

    const other = await activate({ credentials, personalPhone: '+14155550161' });
    assertFailure(other, 'phone_mismatch');
    assert.match(other.message, /administrator must delete the account and invite you again/);
    assert.equal((await accountById(account.id)).personalPhone, '+14155550160');

    // A new invitation (Resend Invite on an Active account) replaces the password for the next reinstall.
    const resent = await invite(account.id);
    assertFailure(await activate({ credentials, personalPhone: '+14155550160' }), 'invitation_superseded');
    const withNew = await activate({
      credentials: { username: resent.username, password: resent.password },
      personalPhone: '+14155550160',
    });
    assert.equal(withNew.ok && withNew.reinstall, true);
  });

  it('two simultaneous first activations with different phones: exactly one wins', async () => {
    const account = await newAccount('2000');
    const secrets = await invite(account.id);
    const race = () =>
      Promise.all([
        activate({
          credentials: { token: secrets.token },
          personalPhone: '+14155550191',
          numberChoice: { e164: '+12125550118' },
        }),
        activate({
          credentials: { username: secrets.username, password: secrets.password },
          personalPhone: '+14155550192',
          numberChoice: { e164: '+12125550119' },
        }),
      ]);
    let results: ActivationResult[];
    if (h.kind === 'postgres') {
      // Another transaction holds the account until both activations wait for it, so they truly overlap.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = h.db.transaction(async (tx) => {
        await tx.execute(sql`select id from accounts where id = ${account.id} for update`);
        holding();
        await released;
      });
      await held;
      const racing = race();
      for (let i = 0; i < 500; i++) {
        const [row] = await queryRows<{ waiting: number }>(
          h.db,
          sql`select count(*)::int as waiting from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (Number(row!.waiting) >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      release();
      await holder;
      results = await racing;
    } else {
      results = await race(); // PGlite runs one transaction at a time
    }
    const winners = results.filter((r) => r.ok);
    assert.equal(winners.length, 1, JSON.stringify(results));
    const loser = results.find((r) => !r.ok)!;
    assertFailure(loser, 'phone_mismatch');
    const winner = winners[0]!;
    assert.ok(winner.ok);
    const after = await accountById(account.id);
    assert.equal(after.personalPhone, winner.personalPhone);
    assert.equal(await numberOf(account.id), winner.number);
    const numbers = await h.db
      .select()
      .from(phoneNumbers)
      .where(sql`${phoneNumbers.e164} in ('+12125550118', '+12125550119')`);
    assert.equal(numbers.filter((n) => n.accountId === account.id).length, 1, 'the loser took no number');
    assert.equal((await auditOf(account.id)).length, 1);
  });
});
