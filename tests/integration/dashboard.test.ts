import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { accounts, invitations, phoneNumbers } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import { getInvitationFunnel } from '@/lib/dashboard/invitation-funnel';
import { getNumberUtilization } from '@/lib/dashboard/number-utilization';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
} from '../helpers/test-db';

describe('Dashboard', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;
  let org: Record<string, string>;

  /** "code: assigned/available headroom" per organization, in tree order. */
  const utilization = async (admin: AdminScope, organizationId?: string) =>
    (await getNumberUtilization(t.db, admin, organizationId)).map(
      (o) => `${o.code}: ${o.assigned}/${o.available} ${o.headroom}`,
    );
  const setDelivery = async (email: string, state: 'sent' | 'bounced' | 'failed') => {
    const [account] = await t.db.select().from(accounts).where(eq(accounts.email, email));
    await t.db
      .update(invitations)
      .set({ deliveryState: state })
      .where(and(eq(invitations.accountId, account!.id), isNull(invitations.supersededAt)));
  };

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner, salesAdmin, globexOwner } = await demoAdminScopes(t.db));
    ({ org } = await demoOrganizations(t.db));
  });
  after(async () => {
    await t?.close();
  });

  describe('number utilization', () => {
    it('counts each organization’s own numbers, in tree order, with its headroom', async () => {
      // Acme: 30 numbers, Ada's and Grace's assigned, 3 PORTED reserved (not available); Alan, Katherine
      // and Linus hold headroom.
      // Sales: 50, Margaret's and Steve's assigned; Barbara holds one. Support: 5, Dennis's; Frances.
      assert.deepEqual(await utilization(acmeOwner), ['2000: 2/25 22', '2001: 2/48 47', '2002: 1/4 3', '2003: 0/0 0']);
    });

    it('keeps to the scope: the Sales admin sees Sales, Globex’s owner Globex', async () => {
      assert.deepEqual(await utilization(salesAdmin), ['2001: 2/48 47']);
      assert.deepEqual(await utilization(globexOwner), ['3000: 1/9 7']);
    });

    it('narrows to an organization’s subtree, and finds nothing outside the scope', async () => {
      assert.deepEqual(await utilization(acmeOwner, org['2002']), ['2002: 1/4 3', '2003: 0/0 0']);
      assert.deepEqual(await utilization(salesAdmin, org['2002']), []);
      assert.deepEqual(await utilization(salesAdmin, org['2000']), []);
      assert.deepEqual(await utilization(globexOwner, org['2001']), []);
    });

    it('follows a change: a number assigned in Support', async () => {
      const [frances] = await t.db.select().from(accounts).where(eq(accounts.email, 'frances.allen@acme.test'));
      await t.db
        .update(phoneNumbers)
        .set({ accountId: frances!.id, assignedAt: new Date() })
        .where(eq(phoneNumbers.e164, '+12125550301'));
      assert.deepEqual(await utilization(acmeOwner, org['2002']), ['2002: 2/3 3', '2003: 0/0 0']);
      await t.db
        .update(phoneNumbers)
        .set({ accountId: null, assignedAt: null })
        .where(eq(phoneNumbers.e164, '+12125550301'));
    });
  });

  describe('invitation funnel', () => {
    it('counts invited → delivered → activated, and expired, over the accounts in scope', async () => {
      // Acme: ten accounts; Linus not invited; Ada, Steve and Dennis Active; Katherine expired. Every
      // seeded invitation is delivered.
      assert.deepEqual(await getInvitationFunnel(t.db, acmeOwner), {
        total: 10,
        notInvited: 1,
        invited: 9,
        delivered: 9,
        activated: 3,
        bounced: 0,
        failed: 0,
        expired: 1,
      });
    });

    it('counts accounts by their current invitation’s delivery: delivered, bounced, failed', async () => {
      await setDelivery('frances.allen@acme.test', 'bounced');
      await setDelivery('alan.turing@acme.test', 'failed');
      await setDelivery('grace.hopper@acme.test', 'sent');
      // An Active account whose newest invitation bounced (a Resend Invite for a reinstall) counts as
      // bounced, as the Accounts page's delivery filter (where the bar leads) shows it.
      await setDelivery('ada.lovelace@acme.test', 'bounced');
      const funnel = await getInvitationFunnel(t.db, acmeOwner);
      assert.equal(funnel.invited, 9);
      assert.equal(funnel.delivered, 5);
      assert.equal(funnel.activated, 3);
      assert.equal(funnel.bounced, 2);
      assert.equal(funnel.failed, 1);
    });

    it('keeps to the scope and to an organization’s subtree', async () => {
      assert.deepEqual(await getInvitationFunnel(t.db, salesAdmin), {
        total: 3,
        notInvited: 0,
        invited: 3,
        delivered: 3,
        activated: 1,
        bounced: 0,
        failed: 0,
        expired: 0,
      });
      const globex = await getInvitationFunnel(t.db, globexOwner);
      assert.equal(globex.total, 3);
      assert.equal(globex.notInvited, 1);
      assert.equal(globex.activated, 1);
      const support = await getInvitationFunnel(t.db, acmeOwner, org['2002']);
      assert.equal(support.total, 2);
      assert.equal(support.bounced, 1);
      assert.equal((await getInvitationFunnel(t.db, salesAdmin, org['2002'])).total, 0);
      assert.equal((await getInvitationFunnel(t.db, globexOwner, org['2000'])).total, 0);
    });

    it('counts an invitation past its expiry as expired, not pending', async () => {
      await t.db
        .update(accounts)
        .set({ invitationExpiresAt: sql`now() - interval '1 minute'` })
        .where(eq(accounts.email, 'barbara.liskov@acme.test'));
      assert.equal((await getInvitationFunnel(t.db, salesAdmin)).expired, 1);
      assert.equal((await getInvitationFunnel(t.db, acmeOwner)).expired, 2);
    });
  });
});
