import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { and, eq, isNull } from 'drizzle-orm';
import { auditEvents, invitations } from '@/db/schema';
import { describeReinstate, reinstateAccounts } from '@/lib/accounts/reinstate-accounts';
import { suspendAccounts } from '@/lib/accounts/suspend-accounts';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { resendAccountInvitations } from '@/lib/invitations/resend-account-invitations';
import { getHeadroom } from '@/lib/numbers/headroom';
import { activationHarness } from '../helpers/activation';
import { insertNumbers } from '../helpers/numbers';
import { demoAdminScopes, orgIdByCode, refusal } from '../helpers/test-db';

const META: RequestMeta = { ipAddress: '203.0.113.32', userAgent: 'reinstate-test' };

describe('reinstateAccounts', () => {
  const h = activationHarness();
  let admins: Record<'acmeOwner' | 'salesAdmin' | 'globexOwner', AdminScope>;
  before(async () => {
    admins = await demoAdminScopes(h.db);
  });

  const reinstateEvents = () => h.db.select().from(auditEvents).where(eq(auditEvents.action, 'account.reinstate'));
  const suspend = (ids: string[]) => suspendAccounts(h.db, admins.acmeOwner, META, ids);

  it('returns an activated account to Active and any other to Not invited; audited once', async () => {
    const activated = await h.newAccount('2001', { number: '+12125550220' });
    const secrets = await h.invite(activated.id);
    assert.equal((await h.activate({ credentials: { token: secrets.token }, personalPhone: '+14155550120' })).ok, true);
    const pending = await h.newAccount('2001');
    await h.invite(pending.id);
    const ids = [activated.id, pending.id];
    await suspend(ids);
    const before = (await reinstateEvents()).length;

    const result = await reinstateAccounts(h.db, admins.acmeOwner, META, ids);
    assert.deepEqual(result, { active: 1, notInvited: 1, notSuspended: 0, notFound: 0 });
    assert.equal(
      describeReinstate(result),
      '2 accounts reinstated (1 Active, 1 Not invited: Send Invite to invite them).',
    );
    const a = await h.accountById(activated.id);
    assert.equal(a.status, 'active');
    assert.equal(a.personalPhone, '+14155550120');
    assert.equal(await h.numberOf(activated.id), '+12125550220');
    const p = await h.accountById(pending.id);
    assert.equal(p.status, 'not_invited');
    assert.equal(p.invitedAt, null);
    assert.equal(p.invitationExpiresAt, null);
    const current = await h.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.accountId, pending.id), isNull(invitations.supersededAt)));
    assert.equal(current.length, 0, 'the superseded invitation stays superseded');

    const events = await reinstateEvents();
    assert.equal(events.length, before + 1);
    assert.deepEqual([...events.at(-1)!.targetIds].sort(), [...ids].sort());

    // Send Invite is next for the one Not invited.
    const sent = await resendAccountInvitations(h.db, admins.acmeOwner, META, [pending.id], {
      baseUrl: 'https://portal.test',
      first: true,
    });
    assert.equal(sent.sent, 1);
    assert.equal((await h.accountById(pending.id)).status, 'invited');
  });

  it('is refused whole when an organization lacks a unit of headroom for one without a number', async () => {
    const emea = await orgIdByCode(h.db, '2003');
    const short = await h.newAccount('2003');
    const fine = await h.newAccount('2001');
    await suspend([short.id, fine.id]);
    assert.equal((await getHeadroom(h.db, [emea])).get(emea)!.headroom, 0, 'a Suspended account holds no unit');
    const before = (await reinstateEvents()).length;

    const error = await refusal(reinstateAccounts(h.db, admins.acmeOwner, META, [short.id, fine.id]));
    assert.equal(
      error.message,
      'Unable to reinstate account(s). You do not have enough numbers available in the selected organization.',
    );
    assert.equal((await h.accountById(short.id)).status, 'suspended');
    assert.equal((await h.accountById(fine.id)).status, 'suspended', 'nothing changes');
    assert.equal((await reinstateEvents()).length, before);

    await insertNumbers(h.db, emea, '+1646777', 1);
    const result = await reinstateAccounts(h.db, admins.acmeOwner, META, [short.id, fine.id]);
    assert.deepEqual(result, { active: 0, notInvited: 2, notSuspended: 0, notFound: 0 });
    assert.equal((await getHeadroom(h.db, [emea])).get(emea)!.headroom, 0);
  });

  it('two reinstatements racing for the last unit: one succeeds, the other is refused', async () => {
    const emea = await orgIdByCode(h.db, '2003');
    const [a, b] = [await h.newAccount('2003'), await h.newAccount('2003')];
    await suspend([a.id, b.id]);
    const room = (await getHeadroom(h.db, [emea])).get(emea)!.headroom;
    if (room < 1) await insertNumbers(h.db, emea, '+1646778', 1 - room);
    const outcomes = await Promise.allSettled([
      reinstateAccounts(h.db, admins.acmeOwner, META, [a.id]),
      reinstateAccounts(h.db, admins.acmeOwner, META, [b.id]),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
    const statuses = [(await h.accountById(a.id)).status, (await h.accountById(b.id)).status].sort();
    assert.deepEqual(statuses, ['not_invited', 'suspended']);
    assert.equal((await getHeadroom(h.db, [emea])).get(emea)!.headroom, 0);
  });

  it('leaves accounts that are not Suspended as they are, and nothing outside the scope', async () => {
    const pending = await h.newAccount('2000');
    await h.invite(pending.id);
    const suspended = await h.newAccount('2000');
    await suspend([suspended.id]);
    const before = (await reinstateEvents()).length;

    assert.deepEqual(await reinstateAccounts(h.db, admins.acmeOwner, META, [pending.id]), {
      active: 0,
      notInvited: 0,
      notSuspended: 1,
      notFound: 0,
    });
    assert.equal((await h.accountById(pending.id)).status, 'invited');
    for (const admin of [admins.salesAdmin, admins.globexOwner]) {
      assert.deepEqual(await reinstateAccounts(h.db, admin, META, [suspended.id]), {
        active: 0,
        notInvited: 0,
        notSuspended: 0,
        notFound: 1,
      });
    }
    assert.equal((await h.accountById(suspended.id)).status, 'suspended');
    assert.equal((await reinstateEvents()).length, before);
  });
});
