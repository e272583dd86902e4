import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  accounts,
  auditEvents,
  invitations,
  organizations,
  outboxMessages,
  permissionGroups,
  phoneNumbers,
  rateLimits,
} from '@/db/schema';
import {
  activateAccount,
  type ActivateAccountOptions,
  type ActivationFailure,
  type ActivationResult,
  describeInvitationLink,
} from '@/lib/activation/activate-account';
import { ACTIVATION_THROTTLE } from '@/lib/activation/activation-throttle';
import type { AccountInvitationProps } from '@/emails/types';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';
import { openPayload } from '@/lib/outbox/sealed-payload';
import { queryRows } from '@/db/client';
import { createTestDatabase, orgIdByCode, seedDemo, type TestDatabase } from '../helpers/test-db';
import { accountByEmail } from '../helpers/rows';
import { inviteAccount } from '../helpers/invitations';

interface Secrets {
  username: string;
  password: string;
  token: string;
}

describe('activateAccount', () => {
  let t: TestDatabase;
  let addressCounter = 0;
  let accountCounter = 0;
  /** A fresh client address per call, so that only the tests of that limit meet the per-address limit. */
  const request = () => ({ ipAddress: `198.51.100.${++addressCounter % 250}-${addressCounter}`, userAgent: 'test' });

  const activate = (
    options: Omit<ActivateAccountOptions, 'request'> & { request?: ActivateAccountOptions['request'] },
  ): Promise<ActivationResult> => activateAccount(t.db, { request: request(), ...options });

  const accountById = async (id: string) => {
    const [a] = await t.db.select().from(accounts).where(eq(accounts.id, id));
    return a!;
  };
  const accountByEmail = async (email: string) => {
    const [a] = await t.db.select().from(accounts).where(eq(accounts.email, email));
    return a!;
  };
  const numberOf = async (accountId: string) => {
    const [n] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.accountId, accountId));
    return n?.e164 ?? null;
  };
  const currentInvitation = async (accountId: string) => {
    const [i] = await t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
    return i!;
  };

  /** Sends a new invitation and reads its password and link from the sealed message, as the user would. */
  const invite = async (accountId: string): Promise<Secrets> => {
    const props = await inviteAccount(t.db, accountId, 'https://portal.test');
    const prefix = 'https://portal.test/activate/';
    assert.ok(props.activationUrl.startsWith(prefix));
    return { username: props.username, password: props.password, token: props.activationUrl.slice(prefix.length) };
  };

  /** A new pending account of its own (optionally with a number), so no test depends on another. */
  const newAccount = async (orgCode: string, options: { number?: string; device?: string } = {}) => {
    const organizationId = await orgIdByCode(t.db, orgCode);
    const [group] = await t.db
      .select()
      .from(permissionGroups)
      .where(and(eq(permissionGroups.organizationId, organizationId), eq(permissionGroups.isDefault, true)));
    const n = ++accountCounter;
    const [account] = await t.db
      .insert(accounts)
      .values({
        organizationId,
        permissionGroupId: group!.id,
        firstName: 'Test',
        lastName: `User ${n}`,
        email: options.device ? null : `activation.user${n}@acme.test`,
        deviceNumber: options.device ?? null,
      })
      .returning();
    if (options.number) {
      await t.db
        .update(phoneNumbers)
        .set({ accountId: account!.id, assignedAt: new Date() })
        .where(and(eq(phoneNumbers.e164, options.number), isNull(phoneNumbers.accountId)));
      assert.equal(await numberOf(account!.id), options.number);
    }
    return account!;
  };

  const expireInvitation = async (accountId: string) => {
    await t.db
      .update(invitations)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
    await t.db
      .update(accounts)
      .set({ invitationExpiresAt: sql`now() - interval '1 day'` })
      .where(eq(accounts.id, accountId));
  };

  const auditOf = (accountId: string) =>
    t.db
      .select()
      .from(auditEvents)
      .where(sql`${accountId} = any(${auditEvents.targetIds})`)
      .orderBy(asc(auditEvents.id));

  function assertFailure<C extends ActivationFailure['code']>(
    result: ActivationResult,
    code: C,
  ): asserts result is ActivationFailure & { code: C } {
    assert.equal(result.ok, false, `expected ${code}, got success`);
    assert.equal((result as { code: string }).code, code, (result as { message?: string }).message);
  }

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  after(() => t.close());

  it('activates by the link: binds the personal phone, sets Active, marks the invitation used, audits', async () => {
    const grace = await accountByEmail('grace.hopper@acme.test');
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
    assert.equal(event!.tenantId, await orgIdByCode(t.db, '2000'));
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

    await t.db.update(organizations).set({ defaultCountry: 'GB' }).where(eq(organizations.code, '3000'));
    try {
      const result = await activate({ credentials: { token: secrets.token }, personalPhone: '020 7946 0958' });
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal((await accountById(account.id)).personalPhone, '+442079460958');
    } finally {
      await t.db.update(organizations).set({ defaultCountry: 'US' }).where(eq(organizations.code, '3000'));
    }
  });

  it('without a number: answers the choices, then takes the lowest number of the chosen tag', async () => {
    const alan = await accountByEmail('alan.turing@acme.test');
    const secrets = await invite(alan.id);
    const first = await activate({
      credentials: { username: secrets.username, password: secrets.password },
      personalPhone: '+14155550120',
    });
    assertFailure(first, 'number_required');
    assert.deepEqual(first.choices.tags, [{ tag: 'PORTED', available: 3 }]);
    assert.ok(first.choices.numbers.length > 0 && first.choices.numbers.length <= 50);
    assert.ok(first.choices.numbers.some((n) => n.e164 === '+12125550127' && n.tag === 'PORTED'));
    assert.ok(!first.choices.numbers.some((n) => n.e164 === '+12125550100'), 'an assigned number is no choice');
    assert.equal((await accountById(alan.id)).status, 'invited', 'nothing changed');

    const second = await activate({
      credentials: { username: secrets.username, password: secrets.password },
      personalPhone: '+14155550120',
      numberChoice: { tag: 'PORTED' },
    });
    assert.equal(second.ok, true, JSON.stringify(second));
    assert.equal(second.ok && second.number, '+12125550127');
    assert.equal(await numberOf(alan.id), '+12125550127');
    const [event] = await auditOf(alan.id);
    assert.deepEqual(event!.details, { number: '+12125550127', reinstall: false, channel: 'app' });
  });

  it('without a number: takes exactly the chosen number; an account with a number ignores a choice', async () => {
    const account = await newAccount('2000');
    const secrets = await invite(account.id);
    const result = await activate({
      credentials: { token: secrets.token },
      personalPhone: '+14155550121',
      numberChoice: { e164: '+12125550105' },
    });
    assert.equal(result.ok && result.number, '+12125550105');
    assert.equal(await numberOf(account.id), '+12125550105');

    const withNumber = await newAccount('2000', { number: '+12125550106' });
    const s2 = await invite(withNumber.id);
    const r2 = await activate({
      credentials: { token: s2.token },
      personalPhone: '+14155550122',
      numberChoice: { e164: '+12125550107' },
    });
    assert.equal(r2.ok && r2.number, '+12125550106');
    const [free] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.e164, '+12125550107'));
    assert.equal(free!.accountId, null);
  });

  it('a number taken meanwhile answers number_taken with fresh choices, and changes nothing', async () => {
    const first = await newAccount('2000');
    const second = await newAccount('2000');
    const s1 = await invite(first.id);
    const s2 = await invite(second.id);
    assert.equal(
      (
        await activate({
          credentials: { token: s1.token },
          personalPhone: '+14155550131',
          numberChoice: { e164: '+12125550108' },
        })
      ).ok,
      true,
    );
    const taken = await activate({
      credentials: { token: s2.token },
      personalPhone: '+14155550132',
      numberChoice: { e164: '+12125550108' },
    });
    assertFailure(taken, 'number_taken');
    assert.ok(!taken.choices.numbers.some((n) => n.e164 === '+12125550108'));
    assert.ok(taken.choices.numbers.length > 0);
    const after = await accountById(second.id);
    assert.equal(after.status, 'invited');
    assert.equal(after.personalPhone, null);
    assert.equal(await numberOf(second.id), null);

    // A tag with nothing left, in Support EMEA, which has no numbers at all.
    const emea = await newAccount('2003');
    const s3 = await invite(emea.id);
    const none = await activate({ credentials: { token: s3.token }, personalPhone: '+14155550133' });
    assertFailure(none, 'number_required');
    assert.deepEqual(none.choices, { tags: [], numbers: [] });
    const exhausted = await activate({
      credentials: { token: s3.token },
      personalPhone: '+14155550133',
      numberChoice: { tag: 'PORTED' },
    });
    assertFailure(exhausted, 'number_taken');
    assert.equal((await accountById(emea.id)).status, 'invited');
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
    await t.db
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
    const organizationId = await orgIdByCode(t.db, '2000');
    await t.db
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
    if (t.kind === 'postgres') {
      // Another transaction holds the account until both activations wait for it, so they truly overlap.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = t.db.transaction(async (tx) => {
        await tx.execute(sql`select id from accounts where id = ${account.id} for update`);
        holding();
        await released;
      });
      await held;
      const racing = race();
      for (let i = 0; i < 500; i++) {
        const [row] = await queryRows<{ waiting: number }>(
          t.db,
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
    const numbers = await t.db
      .select()
      .from(phoneNumbers)
      .where(sql`${phoneNumbers.e164} in ('+12125550118', '+12125550119')`);
    assert.equal(numbers.filter((n) => n.accountId === account.id).length, 1, 'the loser took no number');
    assert.equal((await auditOf(account.id)).length, 1);
  });
});

describe('describeInvitationLink', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  after(() => t.close());

  const tokenOf = async (accountId: string) => {
    await t.db.transaction((tx) =>
      issueAccountInvitations(tx, [accountId], { baseUrl: 'https://portal.test', createdByAdminId: null }),
    );
    const [row] = await t.db
      .select({ payload: outboxMessages.payload })
      .from(outboxMessages)
      .innerJoin(invitations, eq(invitations.id, outboxMessages.invitationId))
      .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
    return openPayload<AccountInvitationProps>(row!.payload).activationUrl.split('/').pop()!;
  };
  /** Everything an activation could touch. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        t.db.select().from(accounts).orderBy(asc(accounts.id)),
        t.db.select().from(invitations).orderBy(asc(invitations.id)),
        t.db.select().from(phoneNumbers).orderBy(asc(phoneNumbers.id)),
        t.db.select().from(rateLimits).orderBy(asc(rateLimits.key)),
        t.db.select().from(auditEvents).orderBy(asc(auditEvents.id)),
      ]),
    );

  it('tells each kind of link apart and changes nothing', async () => {
    const alan = await accountByEmail(t.db, 'alan.turing@acme.test');
    const grace = await accountByEmail(t.db, 'grace.hopper@acme.test');
    const katherine = await accountByEmail(t.db, 'katherine.johnson@acme.test');
    const ada = await accountByEmail(t.db, 'ada.lovelace@acme.test');
    const alanOld = await tokenOf(alan.id);
    const alanToken = await tokenOf(alan.id);
    const graceToken = await tokenOf(grace.id);
    const katherineToken = await tokenOf(katherine.id);
    await t.db
      .update(invitations)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(and(eq(invitations.accountId, katherine.id), isNull(invitations.supersededAt)));
    const adaToken = await tokenOf(ada.id);

    const before = await snapshot();
    const alanLink = await describeInvitationLink(t.db, alanToken);
    assert.equal(alanLink.state, 'ready');
    assert.ok(alanLink.state === 'ready');
    assert.equal(alanLink.firstName, 'Alan');
    assert.equal(alanLink.organizationName, 'Acme Corp');
    assert.equal(alanLink.username, 'alan.turing@acme.test');
    assert.equal(alanLink.assignedNumber, null);
    assert.deepEqual(alanLink.choices?.tags, [{ tag: 'PORTED', available: 3 }]);
    assert.equal(alanLink.choices?.numbers[0]?.e164, '+12125550102');

    const graceLink = await describeInvitationLink(t.db, graceToken);
    assert.ok(graceLink.state === 'ready');
    assert.equal(graceLink.assignedNumber, '+12125550101');
    assert.equal(graceLink.choices, null);

    assert.deepEqual(await describeInvitationLink(t.db, alanOld), { state: 'superseded' });
    assert.deepEqual(await describeInvitationLink(t.db, 'no-such-token'), { state: 'unknown' });
    assert.deepEqual(await describeInvitationLink(t.db, katherineToken), {
      state: 'expired',
      organizationName: 'Acme Corp',
    });
    assert.deepEqual(await describeInvitationLink(t.db, adaToken), {
      state: 'active',
      firstName: 'Ada',
      organizationName: 'Acme Corp',
      username: 'ada.lovelace@acme.test',
      number: '+12125550100',
    });
    assert.equal(await snapshot(), before, 'opening links changed nothing');
  });
});
