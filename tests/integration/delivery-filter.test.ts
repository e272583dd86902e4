import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, isNull } from 'drizzle-orm';
import { accounts, invitations } from '@/db/schema';
import { type DeliveryFilter, parseAccountsQuery } from '@/lib/accounts/accounts-query';
import { getAccountsPage } from '@/lib/accounts/get-accounts-page';
import type { AdminScope } from '@/lib/auth/scope';
import { funnelBars } from '@/lib/dashboard/chart-config';
import { getInvitationFunnel } from '@/lib/dashboard/invitation-funnel';
import { inviteAccount } from '../helpers/invitations';
import { accountIdByEmail } from '../helpers/rows';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
} from '../helpers/test-db';

describe('The Accounts delivery filter', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;
  let org: Record<string, string>;

  /** The first names the Accounts page shows for these parameters, checking that its total agrees. */
  const names = async (admin: AdminScope, params: Record<string, string>) => {
    const page = await getAccountsPage(t.db, admin, parseAccountsQuery({ size: '100', ...params }));
    assert.equal(page.total, page.rows.length, 'the total counts the rows shown');
    return page.rows.map((r) => r.firstName).sort();
  };
  const setDelivery = async (email: string, state: DeliveryFilter) => {
    const accountId = await accountIdByEmail(t.db, email);
    await t.db
      .update(invitations)
      .set({ deliveryState: state })
      .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
  };

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner, salesAdmin, globexOwner } = await demoAdminScopes(t.db));
    ({ org } = await demoOrganizations(t.db));
    // Every seeded invitation is delivered. Frances (Pending) bounced, Alan (Pending) failed, Grace
    // (Pending) only sent; Ada is Active, and the invitation she was sent since (a reinstall) bounced.
    await setDelivery('frances.allen@acme.test', 'bounced');
    await setDelivery('alan.turing@acme.test', 'failed');
    await setDelivery('grace.hopper@acme.test', 'sent');
    await setDelivery('ada.lovelace@acme.test', 'bounced');
  });
  after(async () => {
    await t?.close();
  });

  it('shows exactly the accounts whose current invitation is in that state, whatever their status', async () => {
    assert.deepEqual(await names(acmeOwner, { delivery: 'bounced' }), ['Ada', 'Frances']);
    assert.deepEqual(await names(acmeOwner, { delivery: 'failed' }), ['Alan']);
    assert.deepEqual(await names(acmeOwner, { delivery: 'sent' }), ['Grace']);
    assert.deepEqual(await names(acmeOwner, { delivery: 'delivered' }), [
      'Barbara',
      'Dennis',
      'Katherine',
      'Margaret',
      'Steve',
    ]);
    assert.deepEqual(await names(acmeOwner, { delivery: 'complained' }), []);
  });

  it('combines with the other filters', async () => {
    assert.deepEqual(await names(acmeOwner, { delivery: 'bounced', status: 'pending' }), ['Frances']);
    assert.deepEqual(await names(acmeOwner, { delivery: 'bounced', status: 'active' }), ['Ada']);
    assert.deepEqual(await names(acmeOwner, { delivery: 'delivered', org: org['2001']! }), [
      'Barbara',
      'Margaret',
      'Steve',
    ]);
    assert.deepEqual(await names(acmeOwner, { delivery: 'delivered', q: 'katherine' }), ['Katherine']);
  });

  it('keeps to the administrator’s scope', async () => {
    assert.deepEqual(await names(salesAdmin, { delivery: 'delivered' }), ['Barbara', 'Margaret', 'Steve']);
    assert.deepEqual(await names(salesAdmin, { delivery: 'bounced' }), []);
    assert.deepEqual(await names(salesAdmin, { delivery: 'bounced', org: org['2002']! }), []);
    assert.deepEqual(await names(globexOwner, { delivery: 'bounced' }), []);
    assert.ok(
      (await names(globexOwner, { delivery: 'delivered' })).every((n) => ['Hank', 'Homer', 'Lenny'].includes(n)),
    );
  });

  it('reads the current invitation only: a new invitation is Queued, the superseded one no longer counts', async () => {
    const barbara = await accountIdByEmail(t.db, 'barbara.liskov@acme.test');
    await inviteAccount(t.db, barbara);
    assert.deepEqual(await names(acmeOwner, { delivery: 'queued' }), ['Barbara']);
    assert.ok(!(await names(acmeOwner, { delivery: 'delivered' })).includes('Barbara'));
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, barbara));
    assert.equal(account!.status, 'invited');
  });

  it('gives the Dashboard’s Delivered, Bounced and Failed bars links whose rows are their counts', async () => {
    for (const [admin, organizationId] of [
      [acmeOwner, undefined],
      [acmeOwner, org['2002']],
      [salesAdmin, undefined],
      [globexOwner, undefined],
    ] as const) {
      const funnel = await getInvitationFunnel(t.db, admin, organizationId);
      for (const bar of funnelBars(organizationId).filter((b) => ['delivered', 'bounced', 'failed'].includes(b.key))) {
        const params = Object.fromEntries(new URL(bar.href, 'http://portal.test').searchParams);
        assert.equal(params.delivery, bar.key);
        const page = await getAccountsPage(t.db, admin, parseAccountsQuery({ size: '100', ...params }));
        assert.equal(page.total, funnel[bar.key], `${bar.key} within ${organizationId ?? 'the scope'}`);
        assert.equal(page.rows.length, funnel[bar.key]);
      }
    }
  });
});
