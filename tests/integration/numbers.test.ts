import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { accounts, auditEvents, phoneNumbers } from '@/db/schema';
import { addAccount } from '@/lib/accounts/add-account';
import { addAccountSchema } from '@/lib/accounts/add-account-schema';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { addNumbers } from '@/lib/numbers/add-numbers';
import { getNumbersPage } from '@/lib/numbers/get-numbers-page';
import { getHeadroom } from '@/lib/numbers/headroom';
import { describeMove, moveNumbers } from '@/lib/numbers/move-numbers';
import { parseNumbersQuery } from '@/lib/numbers/numbers-query';
import { retagNumbers } from '@/lib/numbers/retag-numbers';
import {
  DEMO_ADMINS,
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
  refusal,
} from '../helpers/test-db';
import { e164Range } from '../helpers/numbers';

const META = { ipAddress: '203.0.113.7', userAgent: 'test' };
const BASE = { baseUrl: 'http://portal.test' };

describe('Numbers: add, retag, move, inventory', () => {
  let t: TestDatabase;
  let owner: AdminScope;
  let sales: AdminScope;
  let globex: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;

  const idsOf = async (e164s: string[]) =>
    (
      await t.db
        .select({ id: phoneNumbers.id })
        .from(phoneNumbers)
        .where(inArray(phoneNumbers.e164, e164s))
        .orderBy(phoneNumbers.e164)
    ).map((r) => r.id);
  const numbersIn = async (e164s: string[]) =>
    t.db
      .select({
        e164: phoneNumbers.e164,
        organizationId: phoneNumbers.organizationId,
        tag: phoneNumbers.tag,
        accountId: phoneNumbers.accountId,
      })
      .from(phoneNumbers)
      .where(inArray(phoneNumbers.e164, e164s))
      .orderBy(phoneNumbers.e164);

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner: owner, salesAdmin: sales, globexOwner: globex } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
  });
  after(() => t.close());

  it('adds a pasted list in national and international formats, with the tag upper-cased, and audits it', async () => {
    const result = await addNumbers(t.db, owner, META, {
      organizationId: org['2001']!,
      tag: ' vip_line ',
      mode: 'list',
      list: '(646) 555-1000\n+1 646 555 1001, 646.555.1002; 6465551003 6465551004\r\n\n+16465551005 +1 646 555 1006\n',
    });
    assert.deepEqual(result, { added: 7, organizationId: org['2001'], tag: 'VIP_LINE' });
    const rows = await numbersIn(e164Range('+1646555', 1000, 7));
    assert.equal(rows.length, 7);
    for (const r of rows) {
      assert.equal(r.organizationId, org['2001']);
      assert.equal(r.tag, 'VIP_LINE');
      assert.equal(r.accountId, null);
    }
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'number.add'));
    assert.equal(event!.targetIds.length, 7);
    assert.equal(event!.organizationId, org['2001']);
    assert.equal(event!.actorEmail, DEMO_ADMINS.acmeOwner);
    assert.deepEqual((event!.details as { count: number }).count, 7);
  });

  it('adds a range by count and by last number', async () => {
    const byCount = await addNumbers(t.db, owner, META, {
      organizationId: org['2000']!,
      tag: '',
      mode: 'range',
      first: '(646) 555-2000',
      count: 25,
    });
    assert.equal(byCount.added, 25);
    assert.equal(byCount.tag, null);
    const byLast = await addNumbers(t.db, owner, META, {
      organizationId: org['2000']!,
      tag: 'RANGE',
      mode: 'range',
      first: '+1 646 555 2100',
      last: '+1 646 555 2109',
    });
    assert.equal(byLast.added, 10);
    assert.equal((await numbersIn(e164Range('+1646555', 2000, 25))).length, 25);
    const last = await numbersIn(e164Range('+1646555', 2100, 10));
    assert.deepEqual(new Set(last.map((r) => r.tag)), new Set(['RANGE']));
  });

  it('adds nothing when any number is invalid, repeated or exists anywhere (without saying where), listing every problem', async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(phoneNumbers);
    const error = await refusal(
      addNumbers(t.db, owner, META, {
        organizationId: org['2001']!,
        mode: 'list',
        tag: '',
        list: ['+1 646 555 3000', 'not a number', '+1 312 555 0100', '646 555 3001', '+16465553001', '12'].join('\n'),
      }),
    );
    assert.equal(error.message, 'Nothing was added: 4 problems to fix.');
    assert.deepEqual(error.fieldErrors!.problems, [
      'Line 2: “not a number” is not a valid phone number.',
      'Line 6: “12” is not a valid phone number.',
      '+1 646 555 3001 is listed more than once (lines 4, 5).',
      '+1 312 555 0100 already exists.',
    ]);
    assert.doesNotMatch(JSON.stringify(error.fieldErrors), /Globex/);
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(phoneNumbers);
    assert.deepEqual(after, before);
    assert.equal((await numbersIn(['+16465553000'])).length, 0, 'the valid one was not added either');
  });

  it('lists the first 20 problems and counts the rest; caps a range; refuses a bad tag', async () => {
    const many = await refusal(
      addNumbers(t.db, owner, META, {
        organizationId: org['2000']!,
        mode: 'range',
        tag: '',
        first: '+1 212 555 0100',
        count: 31,
      }),
    );
    assert.equal(many.message, 'Nothing was added: 30 problems to fix.');
    assert.equal(many.fieldErrors!.problems!.length, 21);
    assert.equal(many.fieldErrors!.problems![20], '…and 10 more problems.');
    assert.equal((await numbersIn(['+12125550130'])).length, 0, 'the one new number of the range was not added');

    const wide = await refusal(
      addNumbers(t.db, owner, META, {
        organizationId: org['2000']!,
        mode: 'range',
        tag: '',
        first: '+1 646 555 0000',
        last: '+1 646 556 0000',
      }),
    );
    assert.match(wide.fieldErrors!.problems![0]!, /at most 10,000 numbers; this one holds 10,001/);

    const tag = await refusal(
      addNumbers(t.db, owner, META, {
        organizationId: org['2000']!,
        mode: 'list',
        tag: '9 lives',
        list: '+16465554000',
      }),
    );
    assert.ok(tag.fieldErrors!.tag);
  });

  it('another tenant’s owner or a sibling’s admin cannot add numbers to an organization outside their scope', async () => {
    for (const [admin, code] of [
      [globex, '2000'],
      [sales, '2002'],
      [sales, '2000'],
    ] as const) {
      const error = await refusal(
        addNumbers(t.db, admin, META, { organizationId: org[code]!, mode: 'list', tag: '', list: '+16465555000' }),
      );
      assert.deepEqual(error.fieldErrors, { organizationId: ['Choose an organization.'] });
    }
    assert.equal((await numbersIn(['+16465555000'])).length, 0);
  });

  it('the inventory filters by organization subtree, tag, status and digits, within scope', async () => {
    const q = (params: Record<string, string>) => parseNumbersQuery(params);
    const vip = await getNumbersPage(t.db, owner, q({ tag: 'VIP_LINE' }));
    assert.equal(vip.total, 7);
    assert.equal(vip.rows[0]!.e164, '+16465551000');
    assert.equal(vip.rows[0]!.organizationName, 'Sales');

    const acmeAll = await getNumbersPage(t.db, owner, q({ org: org['2000']! }));
    const acmeOnly = await getNumbersPage(t.db, owner, q({ org: org['2002']! }));
    assert.equal(acmeOnly.total, 5, 'Support and its subtree (EMEA has none)');
    assert.equal(acmeAll.total, 30 + 50 + 5 + 7 + 35, 'Acme Corp and everything below it');

    const assigned = await getNumbersPage(t.db, owner, q({ status: 'assigned', q: '212 555 01' }));
    assert.deepEqual(
      assigned.rows.map((r) => [r.e164, r.accountName]),
      [
        ['+12125550100', 'Ada Lovelace'],
        ['+12125550101', 'Grace Hopper'],
      ],
    );
    const byName = await getNumbersPage(t.db, owner, q({ q: 'hopper' }));
    assert.deepEqual(
      byName.rows.map((r) => r.e164),
      ['+12125550101'],
    );
    const untagged = await getNumbersPage(t.db, owner, q({ tag: 'none', org: org['2001']!, size: '50' }));
    assert.equal(untagged.total, 50);

    const globexView = await getNumbersPage(t.db, globex, q({}));
    assert.equal(globexView.total, 10);
    assert.ok(globexView.rows.every((r) => r.e164.startsWith('+1312')));
    assert.equal((await getNumbersPage(t.db, globex, q({ org: org['2000']! }))).total, 0);
    const salesView = await getNumbersPage(t.db, sales, q({ org: org['2002']! }));
    assert.equal(salesView.total, 0, 'a sibling organization named in the URL finds nothing');
    assert.equal((await getNumbersPage(t.db, sales, q({}))).total, 57);
  });

  it('retags numbers in scope, and only those', async () => {
    const vipIds = await idsOf(e164Range('+1646555', 1000, 3));
    const supportIds = await idsOf(['+12125550301', '+12125550302']);
    const acmeIds = await idsOf(['+12125550102']);

    assert.deepEqual(await retagNumbers(t.db, owner, META, vipIds, 'GOLD'), { retagged: 3, notFound: 0 });
    assert.deepEqual(
      (await numbersIn(e164Range('+1646555', 1000, 4))).map((r) => r.tag),
      ['GOLD', 'GOLD', 'GOLD', 'VIP_LINE'],
    );
    assert.deepEqual(await retagNumbers(t.db, owner, META, [vipIds[0]!], null), { retagged: 1, notFound: 0 });
    assert.equal((await numbersIn(['+16465551000']))[0]!.tag, null);

    assert.deepEqual(await retagNumbers(t.db, globex, META, [...vipIds, ...acmeIds], 'PWNED'), {
      retagged: 0,
      notFound: 4,
    });
    assert.deepEqual(await retagNumbers(t.db, sales, META, [...supportIds, ...acmeIds], 'PWNED'), {
      retagged: 0,
      notFound: 3,
    });
    const untouched = await numbersIn(['+12125550102', '+12125550301', '+12125550302']);
    assert.ok(untouched.every((r) => r.tag === null));
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'number.retag'));
    assert.equal(events.length, 2, 'refused retags leave no event');
  });

  it('moves available numbers down, across and up (withdrawing), skipping assigned ones, and audits it', async () => {
    const vip = e164Range('+1646555', 1000, 7);
    const vipIds = await idsOf(vip);
    // Sales (2001) → Support (2002), across; then Support → Acme Corp (2000), up to the parent.
    const assignedId = (await idsOf(['+12125550200']))[0]!; // Margaret Hamilton's, in Sales
    const across = await moveNumbers(t.db, owner, META, [...vipIds.slice(0, 3), assignedId], org['2002']!);
    assert.deepEqual(
      { moved: across.moved, assigned: across.assigned, alreadyThere: across.alreadyThere, notFound: across.notFound },
      { moved: 3, assigned: 1, alreadyThere: 0, notFound: 0 },
    );
    assert.equal(
      describeMove(across),
      '3 numbers moved to Support (2002). 1 number was not moved: assigned to an account.',
    );
    const up = await moveNumbers(t.db, owner, META, vipIds.slice(0, 4), org['2000']!);
    assert.equal(up.moved, 4, 'three from Support and one from Sales');
    const rows = await numbersIn(vip);
    assert.deepEqual(
      rows.map((r) => r.organizationId),
      [org['2000'], org['2000'], org['2000'], org['2000'], org['2001'], org['2001'], org['2001']],
    );
    assert.equal((await numbersIn(['+12125550200']))[0]!.organizationId, org['2001'], 'the assigned one stayed');

    // The Sales admin moves within Sales' subtree only: Acme Corp is not a destination for them.
    const upBySales = await refusal(moveNumbers(t.db, sales, META, vipIds.slice(4), org['2000']!));
    assert.deepEqual(upBySales.fieldErrors, { organizationId: ['Choose an organization.'] });

    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'number.move'))
      .orderBy(auditEvents.id)
      .limit(1);
    assert.equal(event!.organizationId, org['2002']);
    assert.equal(event!.targetIds.length, 3);
  });

  it('another tenant’s owner and a sibling’s admin move nothing and learn nothing', async () => {
    const supportIds = await idsOf(['+12125550301', '+12125550302']);
    const acmeIds = await idsOf(['+12125550103']);
    const globexOrg = org['3000']!;
    const byGlobex = await moveNumbers(t.db, globex, META, [...supportIds, ...acmeIds], globexOrg);
    assert.equal(byGlobex.moved, 0);
    assert.equal(describeMove(byGlobex), '0 numbers moved to Globex (3000). 3 numbers were not found.');
    const bySales = await moveNumbers(t.db, sales, META, supportIds, org['2001']!);
    assert.equal(bySales.moved, 0);
    assert.equal(bySales.notFound, 2);
    const toAcme = await refusal(moveNumbers(t.db, globex, META, acmeIds, org['2000']!));
    assert.deepEqual(toAcme.fieldErrors, { organizationId: ['Choose an organization.'] });
    const rows = await numbersIn(['+12125550103', '+12125550301', '+12125550302']);
    assert.deepEqual(
      rows.map((r) => r.organizationId),
      [org['2000'], org['2002'], org['2002']],
    );
  });

  it('refuses a move that would leave the source short of numbers for its accounts without one, stating the shortfall', async () => {
    // Support (2002): its own numbers +1212555030x, Dennis Ritchie holds 0300, Frances Allen has none.
    const headroom = (await getHeadroom(t.db, [org['2002']!])).get(org['2002']!)!;
    assert.deepEqual(headroom, { available: 4, reserved: 1, headroom: 3 });
    const ids = await idsOf(e164Range('+1212555', 301, 4));
    const error = await refusal(moveNumbers(t.db, owner, META, ids, org['2000']!));
    assert.equal(
      error.message,
      'Unable to move numbers: an organization would not have enough numbers left for its accounts. ' +
        'Support (2002) has 4 available numbers and 1 account without a number, so 3 can move: 4 selected, 1 too many.',
    );
    assert.ok((await numbersIn(e164Range('+1212555', 301, 4))).every((r) => r.organizationId === org['2002']));
    const ok = await moveNumbers(t.db, owner, META, ids.slice(0, 3), org['2000']!);
    assert.equal(ok.moved, 3);
    assert.equal((await getHeadroom(t.db, [org['2002']!])).get(org['2002']!)!.headroom, 0);
    // Give them back: the demo data stays as other tests expect.
    assert.equal((await moveNumbers(t.db, owner, META, ids.slice(0, 3), org['2002']!)).moved, 3);
  });

  it('a number moved while an invite picks it: never both, on every interleaving', async (ctx) => {
    // Each round: a fresh available number in Sales; one transaction invites an account with it
    // (chosen by number, or by its unique tag), the other moves it to Acme Corp.
    const rounds = 24;
    const added = await addNumbers(t.db, owner, META, {
      organizationId: org['2001']!,
      mode: 'range',
      tag: '',
      first: '+1 646 555 7000',
      count: rounds,
    });
    assert.equal(added.added, rounds);
    const outcomes = { invited: 0, moved: 0 };
    for (let i = 0; i < rounds; i++) {
      const e164 = `+1646555${7000 + i}`;
      const byTag = i % 2 === 1;
      const [id] = await idsOf([e164]);
      if (byTag) await retagNumbers(t.db, owner, META, [id!], `RACE${i}`);
      const invite = addAccount(
        t.db,
        owner,
        META,
        addAccountSchema('US').parse({
          organizationId: org['2001'],
          firstName: 'Race',
          lastName: String(i),
          contact: `race.move.${i}@acme.test`,
          number: byTag ? `tag:RACE${i}` : e164,
          permissionGroupId: group['2001'],
          intent: i % 4 < 2 ? 'invite' : 'save',
        }),
        BASE,
      );
      // The invite does more work before it takes the number; starting the move a little later in
      // some rounds lets either reach the number first. Nothing below depends on which did.
      const move = new Promise((resolve) => setTimeout(resolve, (i % 4) * 4)).then(() =>
        moveNumbers(t.db, owner, META, [id!], org['2000']!),
      );
      const [inviteResult, moveResult] = await Promise.allSettled([invite, move]);
      assert.equal(moveResult.status, 'fulfilled', String((moveResult as PromiseRejectedResult).reason));
      const moveValue = moveResult.value;
      const [number] = await numbersIn([e164]);
      const [account] = await t.db
        .select()
        .from(accounts)
        .where(eq(accounts.email, `race.move.${i}@acme.test`));
      if (inviteResult.status === 'fulfilled') {
        outcomes.invited++;
        assert.equal(moveValue.moved, 0);
        assert.equal(moveValue.assigned, 1);
        assert.equal(number!.accountId, account!.id);
        assert.equal(number!.organizationId, org['2001']);
      } else {
        outcomes.moved++;
        const reason: unknown = inviteResult.reason;
        assert.ok(reason instanceof UserFacingError, String(reason));
        assert.ok(reason.fieldErrors?.number, JSON.stringify(reason.fieldErrors));
        assert.equal(moveValue.moved, 1);
        assert.equal(account, undefined, 'the failed invite left no account');
        assert.equal(number!.accountId, null);
        assert.equal(number!.organizationId, org['2000']);
      }
    }
    const [mismatch] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from phone_numbers n join accounts a on a.id = n.account_id
          where n.organization_id <> a.organization_id`,
    );
    assert.equal(Number(mismatch!.n), 0, 'no account holds a number of another organization');
    assert.equal(outcomes.invited + outcomes.moved, rounds);
    ctx.diagnostic(`never both: ${outcomes.invited} invited first, ${outcomes.moved} moved first`);
  });

  it('in either order: an invited number is not moved; a moved number cannot be invited in its old organization', async () => {
    await addNumbers(t.db, owner, META, {
      organizationId: org['2001']!,
      mode: 'list',
      tag: 'ORDER',
      list: '+16465557500 +16465557501',
    });
    const [first, second] = await idsOf(['+16465557500', '+16465557501']);
    const invite = (n: string, e164OrTag: string) =>
      addAccount(
        t.db,
        owner,
        META,
        addAccountSchema('US').parse({
          organizationId: org['2001'],
          firstName: 'Order',
          lastName: n,
          contact: `order.${n}@acme.test`,
          number: e164OrTag,
          permissionGroupId: group['2001'],
          intent: 'invite',
        }),
        BASE,
      );
    await invite('one', '+16465557500');
    const skipped = await moveNumbers(t.db, owner, META, [first!], org['2000']!);
    assert.deepEqual([skipped.moved, skipped.assigned], [0, 1]);
    assert.equal((await numbersIn(['+16465557500']))[0]!.organizationId, org['2001']);

    assert.equal((await moveNumbers(t.db, owner, META, [second!], org['2000']!)).moved, 1);
    const byNumber = await refusal(invite('two', '+16465557501'));
    assert.deepEqual(byNumber.fieldErrors, { number: ['This number was taken meanwhile. Choose another.'] });
    const byTag = await refusal(invite('three', 'tag:ORDER'));
    assert.match(byTag.fieldErrors!.number![0]!, /No ORDER number is available/);
    assert.equal((await numbersIn(['+16465557501']))[0]!.accountId, null);
  });

  it('a move out and an invite without a number at the same time never leave negative headroom', async () => {
    // Support EMEA gets exactly two numbers; the invite needs one unit, the move takes both.
    for (let i = 0; i < 8; i++) {
      await addNumbers(t.db, owner, META, {
        organizationId: org['2003']!,
        mode: 'range',
        tag: '',
        first: `+1646555${8000 + 2 * i}`,
        count: 2,
      });
      const ids = (
        await t.db
          .select({ id: phoneNumbers.id })
          .from(phoneNumbers)
          .where(and(eq(phoneNumbers.organizationId, org['2003']!), sql`${phoneNumbers.accountId} is null`))
      ).map((r) => r.id);
      assert.equal(ids.length, 2);
      const [invite, move] = await Promise.allSettled([
        addAccount(
          t.db,
          owner,
          META,
          addAccountSchema('US').parse({
            organizationId: org['2003'],
            firstName: 'Emea',
            lastName: String(i),
            contact: `emea.race.${i}@acme.test`,
            permissionGroupId: group['2003'],
            intent: 'save',
          }),
          BASE,
        ),
        moveNumbers(t.db, owner, META, ids, org['2002']!),
      ]);
      const h = (await getHeadroom(t.db, [org['2003']!])).get(org['2003']!)!;
      assert.ok(h.headroom >= 0, `round ${i}: headroom ${h.headroom}`);
      assert.ok(invite.status === 'fulfilled' || move.status === 'fulfilled', 'one of them goes through');
      assert.ok(!(invite.status === 'fulfilled' && move.status === 'fulfilled'));
      // Clean up so that Support EMEA has no numbers and no accounts again.
      await t.db.delete(accounts).where(eq(accounts.organizationId, org['2003']!));
      await t.db.delete(phoneNumbers).where(eq(phoneNumbers.organizationId, org['2003']!));
    }
  });

  it('two requests adding the same numbers at once: one adds them, the other is told which exist', async () => {
    const form = {
      organizationId: org['2001']!,
      mode: 'range' as const,
      tag: '',
      first: '+1 646 555 9000',
      count: 50,
    };
    // Only owners add numbers: the demo tenant has one, in two browser tabs.
    const [a, b] = await Promise.allSettled([addNumbers(t.db, owner, META, form), addNumbers(t.db, owner, META, form)]);
    const ok = [a, b].filter((r) => r.status === 'fulfilled');
    const refused = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(ok.length, 1);
    assert.equal(refused.length, 1);
    const reason: unknown = refused[0]!.reason;
    assert.ok(reason instanceof UserFacingError, String(reason));
    assert.match(reason.fieldErrors!.problems![0]!, /already exists\.$/);
    assert.equal((await numbersIn(e164Range('+1646555', 9000, 50))).length, 50);
  });
});
