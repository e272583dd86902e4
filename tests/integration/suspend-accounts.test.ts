import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { auditEvents, invitations, outboxMessages } from '@/db/schema';
import { parseAccountsQuery } from '@/lib/accounts/accounts-query';
import { getAccountsPage } from '@/lib/accounts/get-accounts-page';
import { describeSuspend, suspendAccounts } from '@/lib/accounts/suspend-accounts';
import { describeInvitationLink } from '@/lib/activation/describe-invitation-link';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { describeResend, resendAccountInvitations } from '@/lib/invitations/resend-account-invitations';
import { activationHarness, assertFailure } from '../helpers/activation';
import { demoAdminScopes } from '../helpers/test-db';

const META: RequestMeta = { ipAddress: '203.0.113.31', userAgent: 'suspend-test' };
const BASE = { baseUrl: 'https://portal.test' };

describe('suspendAccounts', () => {
  const h = activationHarness();
  let admins: Record<'acmeOwner' | 'salesAdmin' | 'globexOwner', AdminScope>;
  before(async () => {
    admins = await demoAdminScopes(h.db);
  });

  const suspendEvents = () => h.db.select().from(auditEvents).where(eq(auditEvents.action, 'account.suspend'));

  it('supersedes the invitation, cancels its queued message and keeps the number; audited once', async () => {
    const numbered = await h.newAccount('2001', { number: '+12125550210' });
    const unnumbered = await h.newAccount('2001');
    await h.invite(numbered.id);
    await h.invite(unnumbered.id);
    const before = await suspendEvents();
    const ids = [numbered.id, unnumbered.id];

    const result = await suspendAccounts(h.db, admins.acmeOwner, META, ids);
    assert.deepEqual(result, { suspended: 2, alreadySuspended: 0, notFound: 0 });
    assert.equal(describeSuspend(result), '2 accounts suspended.');
    for (const id of ids) assert.equal((await h.accountById(id)).status, 'suspended');
    assert.equal(await h.numberOf(numbered.id), '+12125550210', 'the number stays assigned');

    const rows = await h.db.select().from(invitations).where(inArray(invitations.accountId, ids));
    assert.equal(rows.length, 2);
    assert.ok(
      rows.every((i) => i.supersededAt !== null),
      'no invitation works any more',
    );
    const messages = await h.db
      .select({ status: outboxMessages.status })
      .from(outboxMessages)
      .where(
        inArray(
          outboxMessages.invitationId,
          rows.map((i) => i.id),
        ),
      );
    assert.deepEqual(
      messages.map((m) => m.status),
      ['cancelled', 'cancelled'],
    );

    const events = await suspendEvents();
    assert.equal(events.length, before.length + 1);
    assert.deepEqual([...events.at(-1)!.targetIds].sort(), [...ids].sort());

    const again = await suspendAccounts(h.db, admins.acmeOwner, META, ids);
    assert.deepEqual(again, { suspended: 0, alreadySuspended: 2, notFound: 0 });
    assert.equal((await suspendEvents()).length, before.length + 1, 'nothing changed, nothing recorded');
  });

  it('refuses a suspended user with account_suspended, by password and by link, and a reinstall too', async () => {
    const pending = await h.newAccount('2001', { number: '+12125550211' });
    const secrets = await h.invite(pending.id);
    await suspendAccounts(h.db, admins.acmeOwner, META, [pending.id]);
    const byPassword = await h.activate({
      credentials: { username: secrets.username, password: secrets.password },
      personalPhone: '+14155550111',
    });
    assertFailure(byPassword, 'account_suspended');
    assertFailure(
      await h.activate({ credentials: { token: secrets.token }, personalPhone: '+14155550111' }),
      'account_suspended',
    );
    assert.deepEqual(await describeInvitationLink(h.db, secrets.token), {
      state: 'suspended',
      organizationName: 'Sales',
    });

    const active = await h.newAccount('2001', { number: '+12125550212' });
    const first = await h.invite(active.id);
    const activated = await h.activate({ credentials: { token: first.token }, personalPhone: '+14155550112' });
    assert.equal(activated.ok, true);
    await suspendAccounts(h.db, admins.acmeOwner, META, [active.id]);
    const reinstall = await h.activate({
      credentials: { username: first.username, password: first.password },
      personalPhone: '+14155550112',
    });
    assertFailure(reinstall, 'account_suspended');
    const account = await h.accountById(active.id);
    assert.equal(account.status, 'suspended');
    assert.equal(account.personalPhone, '+14155550112', 'the activation is kept for Reinstate');
  });

  it('Resend Invite skips a suspended account; an invitation issued anyway leaves it suspended and refused', async () => {
    const account = await h.newAccount('2001');
    await h.invite(account.id);
    await suspendAccounts(h.db, admins.acmeOwner, META, [account.id]);
    const result = await resendAccountInvitations(h.db, admins.acmeOwner, META, [account.id], BASE);
    assert.deepEqual(result, { sent: 0, skippedRecent: 0, notFound: 0, skippedSuspended: 1 });
    assert.equal(describeResend(result), '0 invitations sent, 1 skipped: suspended (reinstate first).');
    const current = await h.db.select().from(invitations).where(eq(invitations.accountId, account.id));
    assert.ok(current.every((i) => i.supersededAt !== null));

    // The backstop: issueAccountInvitations itself never turns a Suspended account into Pending.
    const issued = await h.invite(account.id);
    assert.equal((await h.accountById(account.id)).status, 'suspended');
    assertFailure(
      await h.activate({ credentials: { token: issued.token }, personalPhone: '+14155550113' }),
      'account_suspended',
    );
  });

  it('changes nothing and reveals nothing outside the scope', async () => {
    const acme = await h.newAccount('2000');
    const before = (await suspendEvents()).length;
    for (const admin of [admins.salesAdmin, admins.globexOwner]) {
      assert.deepEqual(await suspendAccounts(h.db, admin, META, [acme.id]), {
        suspended: 0,
        alreadySuspended: 0,
        notFound: 1,
      });
    }
    assert.equal((await h.accountById(acme.id)).status, 'not_invited');
    assert.equal((await suspendEvents()).length, before);
  });

  it('the Accounts table filters by Suspended and sorts it last by status', async () => {
    const account = await h.newAccount('2002');
    await suspendAccounts(h.db, admins.acmeOwner, META, [account.id]);
    const filtered = await getAccountsPage(h.db, admins.acmeOwner, parseAccountsQuery({ status: 'suspended' }));
    assert.ok(filtered.rows.length > 0);
    assert.ok(filtered.rows.every((r) => r.status === 'suspended'));
    assert.ok(filtered.rows.some((r) => r.id === account.id));
    assert.equal(filtered.total, filtered.rows.length);

    const sorted = await getAccountsPage(
      h.db,
      admins.acmeOwner,
      parseAccountsQuery({ sort: 'status', dir: 'asc', size: '100' }),
    );
    const statuses = sorted.rows.map((r) => r.status);
    const firstSuspended = statuses.indexOf('suspended');
    assert.ok(firstSuspended >= 0);
    assert.ok(
      statuses.slice(firstSuspended).every((s) => s === 'suspended'),
      statuses.join(),
    );
  });
});
