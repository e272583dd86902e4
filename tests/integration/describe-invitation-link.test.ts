import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { accounts, auditEvents, invitations, phoneNumbers, rateLimits } from '@/db/schema';
import { describeInvitationLink } from '@/lib/activation/activate-account';
import { createTestDatabase, seedDemo, type TestDatabase } from '../helpers/test-db';
import { accountByEmail } from '../helpers/rows';
import { inviteAccount } from '../helpers/invitations';

// lib/activation/describe-invitation-link.ts: what the activation page shows for a link.

describe('describeInvitationLink', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  after(() => t.close());

  const tokenOf = async (accountId: string) =>
    (await inviteAccount(t.db, accountId, 'https://portal.test')).activationUrl.split('/').pop()!;
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
    assert.deepEqual(alanLink.choices?.tags, [], 'PORTED is reserved: never offered at activation');
    assert.ok(!alanLink.choices?.numbers.some((n) => n.tag === 'PORTED'));
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
