import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { accounts, invitationEvents, invitations } from '@/db/schema';
import { getAccountDetails } from '@/lib/accounts/get-account-details';
import { updateAccount } from '@/lib/accounts/update-account';
import { resendAccountInvitations } from '@/lib/invitations/resend-account-invitations';
import { activationHarness } from '../helpers/activation';
import { adminScope, DEMO_ADMINS } from '../helpers/test-db';
import { accountByEmail } from '../helpers/rows';

// lib/accounts/get-account-details.ts (and account-history.ts): the account page's data.

const meta = { ipAddress: '203.0.113.10', userAgent: 'test' };

describe('getAccountDetails', () => {
  const h = activationHarness();

  it('reads a Pending account in scope: fields, organization, number, its invitation and delivery state', async () => {
    const sales = await adminScope(h.db, DEMO_ADMINS.salesAdmin);
    const margaret = await h.db.query.accounts.findFirst({
      where: (a, { eq: equals }) => equals(a.deviceNumber, '+14155559002'),
    });
    const details = await getAccountDetails(h.db, sales, margaret!.id);
    assert.ok(details);
    assert.equal(details.firstName, 'Margaret');
    assert.equal(details.deviceNumber, '+14155559002');
    assert.equal(details.status, 'pending');
    assert.deepEqual(details.organization, { id: margaret!.organizationId, name: 'Sales', code: '2001' });
    assert.equal(details.permissionGroup, 'default cos for org 2001');
    assert.equal(details.number, '+12125550200');
    assert.equal(details.defaultCountry, 'US');
    assert.equal(details.invitations.length, 1);
    const [invitation] = details.invitations;
    assert.equal(invitation!.channel, 'sms');
    assert.equal(invitation!.destination, '+14155559002');
    assert.equal(invitation!.current, true);
    // No recorded delivery event: the invitation's own state, at its last update.
    assert.deepEqual(
      invitation!.events.map((e) => e.state),
      ['delivered'],
    );
    assert.deepEqual(details.activations, []);
  });

  it('lists invitations newest first with their recorded events, superseded ones marked', async () => {
    const owner = await adminScope(h.db, DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2000');
    await h.invite(account.id);
    const first = await h.currentInvitation(account.id);
    // Past Resend Invite's one-minute cooldown.
    await h.db
      .update(accounts)
      .set({ invitedAt: sql`now() - interval '2 minutes'` })
      .where(eq(accounts.id, account.id));
    await resendAccountInvitations(h.db, owner, meta, [account.id], { baseUrl: 'https://portal.test' });
    const second = await h.currentInvitation(account.id);
    await h.db.insert(invitationEvents).values([
      { invitationId: second.id, state: 'queued', occurredAt: new Date(Date.now() - 2000) },
      { invitationId: second.id, state: 'sent', occurredAt: new Date(Date.now() - 1000) },
      { invitationId: second.id, state: 'bounced', detail: 'mailbox full' },
    ]);

    const details = await getAccountDetails(h.db, owner, account.id);
    assert.deepEqual(
      details!.invitations.map((i) => [i.id, i.current, i.supersededAt !== null]),
      [
        [second.id, true, false],
        [first.id, false, true],
      ],
    );
    assert.deepEqual(
      details!.invitations[0]!.events.map((e) => [e.state, e.detail]),
      [
        ['queued', null],
        ['sent', null],
        ['bounced', 'mailbox full'],
      ],
    );
    assert.equal(details!.invitations[0]!.sentBy, DEMO_ADMINS.acmeOwner);
    assert.equal(details!.invitations[1]!.sentBy, null);
    assert.deepEqual(
      details!.auditTrail.map((e) => e.actionLabel),
      ['Resent invitation'],
    );
  });

  it('shows activations with the personal phone masked, and the audit trail with an Edit’s old and new values', async () => {
    const owner = await adminScope(h.db, DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2000', { number: '+12125550104' });
    await updateAccount(h.db, owner, meta, {
      accountId: account.id,
      firstName: 'Renamed',
      lastName: account.lastName,
      email: account.email ?? '',
      deviceNumber: '',
    });
    const secrets = await h.invite(account.id);
    const result = await h.activate({ credentials: { token: secrets.token }, personalPhone: '+14155550420' });
    assert.equal(result.ok, true, JSON.stringify(result));

    const details = await getAccountDetails(h.db, owner, account.id);
    assert.equal(details!.status, 'active');
    assert.equal(details!.personalPhoneMasked, '•••• 0420');
    assert.deepEqual(
      details!.activations.map((a) => [a.channel, a.reinstall, a.number]),
      [['web', false, '+12125550104']],
    );
    assert.deepEqual(
      details!.auditTrail.map((e) => e.action),
      ['account.activate', 'account.update'],
    );
    const edit = details!.auditTrail[1]!;
    assert.equal(edit.actionLabel, 'Edited account');
    assert.equal(edit.actorEmail, DEMO_ADMINS.acmeOwner);
    assert.deepEqual(edit.changes, [{ field: 'firstName', old: 'Test', new: 'Renamed' }]);
    assert.equal(details!.auditTrail[0]!.actorEmail, null);
  });

  it('an account activated before activations were audited still shows its first activation', async () => {
    const owner = await adminScope(h.db, DEMO_ADMINS.acmeOwner);
    const ada = await accountByEmail(h.db, 'ada.lovelace@acme.test');
    const details = await getAccountDetails(h.db, owner, ada.id);
    assert.equal(details!.personalPhoneMasked, '•••• 9001');
    assert.deepEqual(
      details!.activations.map((a) => a.at.getTime()),
      [ada.activatedAt!.getTime()],
    );
  });

  it('is null outside the scope, for another tenant, for an unknown id and for a malformed one', async () => {
    const sales = await adminScope(h.db, DEMO_ADMINS.salesAdmin);
    const globex = await adminScope(h.db, DEMO_ADMINS.globexOwner);
    const alan = await accountByEmail(h.db, 'alan.turing@acme.test'); // Acme Corp, above Sales
    assert.equal(await getAccountDetails(h.db, sales, alan.id), null);
    assert.equal(await getAccountDetails(h.db, globex, alan.id), null);
    assert.equal(await getAccountDetails(h.db, globex, randomUUID()), null);
    assert.equal(await getAccountDetails(h.db, globex, 'not-a-uuid'), null);
    assert.equal(await getAccountDetails(h.db, globex, "' or 1=1 --"), null);
    const owner = await adminScope(h.db, DEMO_ADMINS.acmeOwner);
    assert.ok(await getAccountDetails(h.db, owner, alan.id));
  });

  it('lists at most 50 invitations, the newest', async () => {
    const owner = await adminScope(h.db, DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2000');
    await h.invite(account.id);
    const [template] = await h.db.select().from(invitations).where(eq(invitations.accountId, account.id));
    const rest = { ...template!, id: undefined };
    await h.db.insert(invitations).values(
      Array.from({ length: 55 }, (_, i) => ({
        ...rest,
        tokenHash: `${rest.tokenHash}-${i}`,
        supersededAt: new Date(),
        createdAt: new Date(Date.now() - (i + 1) * 60_000),
      })),
    );
    const details = await getAccountDetails(h.db, owner, account.id);
    assert.equal(details!.invitations.length, 50);
    assert.equal(details!.invitations[0]!.id, template!.id);
  });
});
