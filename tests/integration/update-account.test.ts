import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, asc, eq, sql } from 'drizzle-orm';
import { accounts, auditEvents, invitations, outboxMessages } from '@/db/schema';
import type { AuditEvent } from '@/db/schema';
import {
  ACCOUNT_NOT_FOUND,
  ACTIVE_NOT_EDITABLE,
  DEVICE_TAKEN,
  EMAIL_TAKEN,
  updateAccount,
} from '@/lib/accounts/update-account';
import { CONTACT_REQUIRED, DEVICE_INVALID, EMAIL_INVALID } from '@/lib/accounts/update-account-schema';
import { INVALID_INPUT } from '@/lib/errors';
import type { AdminScope } from '@/lib/auth/scope';
import { activationHarness, assertFailure } from '../helpers/activation';
import { adminScope, DEMO_ADMINS, refused } from '../helpers/test-db';
import { accountByEmail } from '../helpers/rows';

// lib/accounts/update-account.ts: Edit on the account page.

const meta = { ipAddress: '203.0.113.9', userAgent: 'test' };

describe('updateAccount', () => {
  const h = activationHarness();
  const scope = (email: string): Promise<AdminScope> => adminScope(h.db, email);
  const form = (
    account: { id: string; firstName: string; lastName: string; email: string | null; deviceNumber: string | null },
    changes: Partial<{ firstName: string; lastName: string; email: string; deviceNumber: string }> = {},
  ) => ({
    accountId: account.id,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email ?? '',
    deviceNumber: account.deviceNumber ?? '',
    ...changes,
  });
  const updateEvents = (accountId: string): Promise<AuditEvent[]> =>
    h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'account.update'), sql`${accountId} = any(${auditEvents.targetIds})`))
      .orderBy(asc(auditEvents.id));

  it('corrects the name of a Pending account: the invitation keeps working, one audit event with old and new', async () => {
    const owner = await scope(DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2000', { number: '+12125550102' });
    const secrets = await h.invite(account.id);
    const result = await updateAccount(h.db, owner, meta, form(account, { lastName: '  Corrected ' }));
    assert.deepEqual(result, {
      changes: { lastName: { old: account.lastName, new: 'Corrected' } },
      invitationVoided: false,
    });
    const after = await h.accountById(account.id);
    assert.equal(after.lastName, 'Corrected');
    assert.equal(after.status, 'invited');
    const [event] = await updateEvents(account.id);
    assert.equal(event!.actorEmail, DEMO_ADMINS.acmeOwner);
    assert.equal(event!.organizationId, account.organizationId);
    assert.deepEqual(event!.details, {
      changes: { lastName: { old: account.lastName, new: 'Corrected' } },
      invitationVoided: false,
    });
    const activated = await h.activate({ credentials: { token: secrets.token }, personalPhone: '+14155550301' });
    assert.equal(activated.ok, true, JSON.stringify(activated));
  });

  it('a changed email voids the invitation: Not invited, old link and password refused, message cancelled', async () => {
    const owner = await scope(DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2000', { number: '+12125550103' });
    const secrets = await h.invite(account.id);
    const before = await h.currentInvitation(account.id);
    const result = await updateAccount(h.db, owner, meta, form(account, { email: 'Corrected.Email@ACME.test' }));
    assert.equal(result.invitationVoided, true);
    assert.deepEqual(result.changes, { email: { old: account.email, new: 'corrected.email@acme.test' } });

    const after = await h.accountById(account.id);
    assert.equal(after.email, 'corrected.email@acme.test');
    assert.equal(after.status, 'not_invited');
    assert.equal(after.invitedAt, null);
    assert.equal(after.invitationExpiresAt, null);
    const [invitation] = await h.db.select().from(invitations).where(eq(invitations.id, before.id));
    assert.ok(invitation!.supersededAt, 'the invitation is superseded');
    const messages = await h.db
      .select({ status: outboxMessages.status })
      .from(outboxMessages)
      .where(eq(outboxMessages.invitationId, before.id));
    assert.deepEqual(
      messages.map((m) => m.status),
      ['cancelled'],
    );

    const byLink = await h.activate({ credentials: { token: secrets.token }, personalPhone: '+14155550302' });
    assertFailure(byLink, 'invitation_superseded');
    const byOldUsername = await h.activate({
      credentials: { username: secrets.username, password: secrets.password },
      personalPhone: '+14155550302',
    });
    assertFailure(byOldUsername, 'invalid_credentials');
    const byNewUsername = await h.activate({
      credentials: { username: 'corrected.email@acme.test', password: secrets.password },
      personalPhone: '+14155550302',
    });
    assertFailure(byNewUsername, 'invitation_superseded');
    assert.equal((await h.accountById(account.id)).status, 'not_invited');

    const [event] = await updateEvents(account.id);
    assert.deepEqual(event!.details, {
      changes: { email: { old: account.email, new: 'corrected.email@acme.test' } },
      invitationVoided: true,
    });
    const logged = JSON.stringify(event);
    assert.ok(!logged.includes(secrets.password) && !logged.includes(secrets.token), 'no secret in the audit');
  });

  it('a device # in national format is stored in E.164 and voids the invitation; the same value changes nothing', async () => {
    const owner = await scope(DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2001', { device: '+14155550310' });
    await h.invite(account.id);
    const result = await updateAccount(h.db, owner, meta, form(account, { deviceNumber: '(415) 555-0311' }));
    assert.deepEqual(result.changes, { deviceNumber: { old: '+14155550310', new: '+14155550311' } });
    assert.equal((await h.accountById(account.id)).status, 'not_invited');

    const again = await updateAccount(
      h.db,
      owner,
      meta,
      form({ ...account, deviceNumber: '+14155550311' }, { deviceNumber: '+1 415 555 0311' }),
    );
    assert.deepEqual(again, { changes: {}, invitationVoided: false });
    assert.equal((await updateEvents(account.id)).length, 1, 'an edit that changes nothing is not audited');
  });

  it('a Not invited account takes a new email and stays Not invited, with no invitation to void', async () => {
    const owner = await scope(DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2000');
    const result = await updateAccount(h.db, owner, meta, form(account, { email: 'never.invited@acme.test' }));
    assert.equal(result.invitationVoided, false);
    const after = await h.accountById(account.id);
    assert.equal(after.email, 'never.invited@acme.test');
    assert.equal(after.status, 'not_invited');
  });

  it('refuses an Active account, whatever the field', async () => {
    const owner = await scope(DEMO_ADMINS.acmeOwner);
    const ada = await accountByEmail(h.db, 'ada.lovelace@acme.test');
    await refused(() => updateAccount(h.db, owner, meta, form(ada, { firstName: 'Augusta' })), ACTIVE_NOT_EDITABLE);
    assert.equal((await h.accountById(ada.id)).firstName, 'Ada');
    assert.equal((await updateEvents(ada.id)).length, 0);
  });

  it('refuses an email or device # of another account, field by field, changing nothing', async () => {
    const owner = await scope(DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2000');
    await h.invite(account.id);
    await refused(
      () =>
        updateAccount(
          h.db,
          owner,
          meta,
          // Another tenant's account: usernames are unique platform-wide.
          form(account, { email: 'HOMER.simpson@globex.test', deviceNumber: '+1 415 555 9002' }),
        ),
      INVALID_INPUT,
      { email: [EMAIL_TAKEN], deviceNumber: [DEVICE_TAKEN] },
    );
    const after = await h.accountById(account.id);
    assert.equal(after.email, account.email);
    assert.equal(after.deviceNumber, null);
    assert.equal(after.status, 'invited');
  });

  it('validates with the Add Account rules: an email or a device #, each valid', async () => {
    const owner = await scope(DEMO_ADMINS.acmeOwner);
    const account = await h.newAccount('2000');
    await refused(
      () => updateAccount(h.db, owner, meta, form(account, { firstName: ' ', email: '', deviceNumber: '' })),
      INVALID_INPUT,
      { firstName: ['Enter the first name.'], email: [CONTACT_REQUIRED] },
    );
    await refused(
      () => updateAccount(h.db, owner, meta, form(account, { email: 'not an email', deviceNumber: '12' })),
      INVALID_INPUT,
      { email: [EMAIL_INVALID], deviceNumber: [DEVICE_INVALID] },
    );
  });

  it('answers an account outside the scope, or no account at all, as not found', async () => {
    const sales = await scope(DEMO_ADMINS.salesAdmin);
    const globex = await scope(DEMO_ADMINS.globexOwner);
    const alan = await accountByEmail(h.db, 'alan.turing@acme.test'); // Acme Corp, above Sales
    await refused(() => updateAccount(h.db, sales, meta, form(alan, { firstName: 'Al' })), ACCOUNT_NOT_FOUND);
    await refused(() => updateAccount(h.db, globex, meta, form(alan, { firstName: 'Al' })), ACCOUNT_NOT_FOUND);
    await refused(
      () => updateAccount(h.db, globex, meta, form({ ...alan, id: 'not-a-uuid' }, { firstName: 'Al' })),
      ACCOUNT_NOT_FOUND,
    );
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, alan.id));
    assert.equal(row!.firstName, 'Alan');
  });
});
