import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { accounts, auditEvents, phoneNumbers } from '@/db/schema';
import {
  ACCOUNT_NOT_FOUND,
  ACTIVE_KEEPS_NUMBER,
  assignNumber,
  getAssignNumberOptions,
} from '@/lib/accounts/assign-number';
import { assignNumberSchema } from '@/lib/accounts/assign-number-schema';
import type { AdminScope } from '@/lib/auth/scope';
import { getHeadroom, NOT_ENOUGH_NUMBERS } from '@/lib/numbers/headroom';
import { inviteAccount } from '../helpers/invitations';
import { accountByEmail } from '../helpers/rows';
import {
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  refusal,
  refused,
  seedDemo,
  type TestDatabase,
} from '../helpers/test-db';

// Assign Number on one account that is not Active (lib/accounts/assign-number.ts).

const META = { ipAddress: '203.0.113.8', userAgent: 'test' };

describe('Assign Number', () => {
  let t: TestDatabase;
  let owner: AdminScope;
  let sales: AdminScope;
  let globex: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;

  const assign = (admin: AdminScope, accountId: string, number: string) =>
    assignNumber(t.db, admin, META, assignNumberSchema.parse({ accountId, number }));
  const numberOf = async (accountId: string) => {
    const [n] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.accountId, accountId));
    return n?.e164 ?? null;
  };
  const isFree = async (e164: string) => {
    const [n] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.e164, e164));
    return n!.accountId === null;
  };
  const lastAudit = async (accountId: string) => {
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'account.assign_number'), eq(auditEvents.targetIds, [accountId])))
      .orderBy(desc(auditEvents.id));
    return event;
  };
  const headroomOf = async (code: string) => (await getHeadroom(t.db, [org[code]!])).get(org[code]!)!;

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner: owner, salesAdmin: sales, globexOwner: globex } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
  });
  after(() => t.close());

  it('assigns a number, then a tag (its lowest free number, reserved too), freeing the old one; audited', async () => {
    const alan = await accountByEmail(t.db, 'alan.turing@acme.test');
    const first = await assign(owner, alan.id, '+12125550105');
    assert.deepEqual(first, { number: '+12125550105', previous: null, changed: true, name: 'Alan Turing' });
    assert.equal(await numberOf(alan.id), '+12125550105');
    assert.deepEqual((await lastAudit(alan.id))!.details, { number: '+12125550105', previousNumber: null, tag: null });

    const second = await assign(owner, alan.id, 'tag:PORTED');
    assert.equal(second.number, '+12125550127');
    assert.equal(second.previous, '+12125550105');
    assert.equal(await isFree('+12125550105'), true, 'the old number went back to the pool');
    const event = await lastAudit(alan.id);
    assert.equal(event!.actorAdminId, owner.id);
    assert.equal(event!.organizationId, org['2000']);
    assert.deepEqual(event!.details, { number: '+12125550127', previousNumber: '+12125550105', tag: 'PORTED' });

    // The same again changes nothing and records nothing.
    const again = await assign(owner, alan.id, 'tag:PORTED');
    assert.equal(again.changed, false);
    assert.equal((await lastAudit(alan.id))!.id, event!.id);

    // The next invitation carries the new number.
    const invitation = await inviteAccount(t.db, alan.id);
    assert.equal(invitation.assignedNumber, '+12125550127');
  });

  it('the options show the account and its organization’s numbers, reserved ones marked', async () => {
    const alan = await accountByEmail(t.db, 'alan.turing@acme.test');
    const options = await getAssignNumberOptions(t.db, owner, alan.id, '0128');
    assert.deepEqual(options!.account, {
      name: 'Alan Turing',
      status: 'invited',
      number: '+12125550127',
      tag: 'PORTED',
    });
    assert.deepEqual(options!.numbers, [{ e164: '+12125550128', tag: 'PORTED', reserved: true }]);
    assert.deepEqual(options!.tags, [{ tag: 'PORTED', available: 2, reserved: true }]);
    assert.equal(await getAssignNumberOptions(t.db, sales, alan.id), null);
  });

  it('No number: a number that is not reserved goes back as the unit the account then holds', async () => {
    const linus = await accountByEmail(t.db, 'linus.torvalds@acme.test');
    await assign(owner, linus.id, '+12125550106');
    const before = await headroomOf('2000');
    const result = await assign(owner, linus.id, '');
    assert.deepEqual(result, { number: null, previous: '+12125550106', changed: true, name: 'Linus Torvalds' });
    assert.equal(await numberOf(linus.id), null);
    assert.equal(await isFree('+12125550106'), true);
    const after = await headroomOf('2000');
    assert.deepEqual(
      [after.available, after.reserved, after.headroom],
      [before.available + 1, before.reserved + 1, before.headroom],
    );
    assert.deepEqual((await lastAudit(linus.id))!.details, { number: null, previousNumber: '+12125550106', tag: null });
  });

  it('No number is refused without headroom when the number given back is reserved, and changes nothing', async () => {
    // Support EMEA has no numbers: give it one PORTED (reserved) number and an account holding it.
    await t.db.insert(phoneNumbers).values({ e164: '+12125550400', organizationId: org['2003']!, tag: 'PORTED' });
    const [emea] = await t.db
      .insert(accounts)
      .values({
        organizationId: org['2003']!,
        permissionGroupId: group['2003']!,
        firstName: 'Emma',
        lastName: 'Emea',
        email: 'emma.emea@acme.test',
      })
      .returning();
    assert.equal((await assign(owner, emea!.id, '+12125550400')).number, '+12125550400');
    assert.equal((await headroomOf('2003')).headroom, 0);

    await refused(() => assign(owner, emea!.id, ''), `Unable to assign number. ${NOT_ENOUGH_NUMBERS}.`);
    assert.equal(await numberOf(emea!.id), '+12125550400', 'the account keeps its number');

    // One more number, not reserved: now there is a unit for it.
    await t.db.insert(phoneNumbers).values({ e164: '+12125550401', organizationId: org['2003']! });
    assert.equal((await assign(owner, emea!.id, '')).number, null);
    assert.equal(await isFree('+12125550400'), true);
    assert.deepEqual(await headroomOf('2003'), { available: 1, reserved: 1, headroom: 0 });
  });

  it('refuses an Active account, a number of another organization; out of scope is not found', async () => {
    const ada = await accountByEmail(t.db, 'ada.lovelace@acme.test');
    await refused(() => assign(owner, ada.id, ''), ACTIVE_KEEPS_NUMBER);
    assert.equal(await numberOf(ada.id), '+12125550100');

    const katherine = await accountByEmail(t.db, 'katherine.johnson@acme.test');
    const other = await refusal(assign(owner, katherine.id, '+12125550210'));
    assert.deepEqual(other.fieldErrors, { number: ['This number was taken meanwhile. Choose another.'] });
    const noTag = await refusal(assign(owner, katherine.id, 'tag:NOSUCH'));
    assert.deepEqual(noTag.fieldErrors, {
      number: ['No NOSUCH number is available any more. Choose another number or tag.'],
    });

    await refused(() => assign(sales, katherine.id, '+12125550107'), ACCOUNT_NOT_FOUND);
    await refused(() => assign(globex, katherine.id, '+12125550107'), ACCOUNT_NOT_FOUND);
    assert.equal(await numberOf(katherine.id), null);
    const taken = await t.db
      .select()
      .from(phoneNumbers)
      .where(inArray(phoneNumbers.e164, ['+12125550107']));
    assert.equal(taken[0]!.accountId, null);

    // An admin of Sales assigns within Sales.
    const barbara = await accountByEmail(t.db, 'barbara.liskov@acme.test');
    assert.equal((await assign(sales, barbara.id, '+12125550210')).number, '+12125550210');
  });

  it('two administrators taking the same tag at once get two numbers', async () => {
    const [a, b] = await Promise.all(
      ['2002', '2002'].map(async (code, i) => {
        const [row] = await t.db
          .insert(accounts)
          .values({
            organizationId: org[code]!,
            permissionGroupId: group[code]!,
            firstName: 'Race',
            lastName: String(i),
            email: `race.assign${i}@acme.test`,
          })
          .returning();
        return row!;
      }),
    );
    await t.db
      .update(phoneNumbers)
      .set({ tag: 'DESK' })
      .where(inArray(phoneNumbers.e164, ['+12125550303', '+12125550304']));
    const results = await Promise.all([assign(owner, a!.id, 'tag:DESK'), assign(owner, b!.id, 'tag:DESK')]);
    assert.deepEqual(results.map((r) => r.number).sort(), ['+12125550303', '+12125550304']);
  });
});
