import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import { accounts, auditEvents, invitations, outboxMessages, phoneNumbers } from '@/db/schema';
import { deleteAccounts } from '@/lib/accounts/delete-accounts';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import {
  DEMO_ADMINS,
  type TestDatabase,
  adminScope,
  createTestDatabase,
  orgIdByCode,
  seedDemo,
} from '../helpers/test-db';
import { accountIdByEmail, auditCount } from '../helpers/rows';

const META: RequestMeta = { ipAddress: '203.0.113.7', userAgent: 'node-test' };

describe('deleteAccounts', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;

  const exists = async (id: string) =>
    (await t.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, id))).length === 1;

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    acmeOwner = await adminScope(t.db, DEMO_ADMINS.acmeOwner);
    salesAdmin = await adminScope(t.db, DEMO_ADMINS.salesAdmin);
    globexOwner = await adminScope(t.db, DEMO_ADMINS.globexOwner);
  });
  after(async () => {
    await t?.close();
  });

  it('deletes nothing outside the scope: the Globex owner and Acme accounts', async () => {
    const ids = [
      await accountIdByEmail(t.db, 'ada.lovelace@acme.test'),
      await accountIdByEmail(t.db, 'grace.hopper@acme.test'),
    ];
    assert.equal(await deleteAccounts(t.db, globexOwner, META, ids), 0);
    for (const id of ids) assert.equal(await exists(id), true);
    const numbers = await t.db.select().from(phoneNumbers).where(inArray(phoneNumbers.accountId, ids));
    assert.equal(numbers.length, 2, 'their numbers stay assigned');
    assert.equal(await auditCount(t.db), 0, 'nothing deleted, nothing recorded');
  });

  it('deletes nothing above the scope: the Sales admin and an Acme Corp account', async () => {
    const ada = await accountIdByEmail(t.db, 'ada.lovelace@acme.test');
    assert.equal(await deleteAccounts(t.db, salesAdmin, META, [ada]), 0);
    assert.equal(await exists(ada), true);
  });

  it('deletes only the ids in scope from a mixed list', async () => {
    const homer = await accountIdByEmail(t.db, 'homer.simpson@globex.test');
    const ada = await accountIdByEmail(t.db, 'ada.lovelace@acme.test');
    assert.equal(await deleteAccounts(t.db, globexOwner, META, [ada, homer]), 1);
    assert.equal(await exists(homer), false);
    assert.equal(await exists(ada), true);
    const events = await t.db.select().from(auditEvents);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]!.targetIds, [homer]);
    assert.equal(events[0]!.tenantId, globexOwner.tenantId);
  });

  it('does nothing for an empty list', async () => {
    const before = await auditCount(t.db);
    assert.equal(await deleteAccounts(t.db, acmeOwner, META, []), 0);
    assert.equal(await auditCount(t.db), before);
  });

  it('returns the number to the pool, removes the invitations, cancels queued messages (not those in flight) and records one event', async () => {
    const grace = await accountIdByEmail(t.db, 'grace.hopper@acme.test');
    const [number] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.accountId, grace));
    assert.ok(number, 'Grace Hopper has a number');
    const [invitation] = await t.db.select().from(invitations).where(eq(invitations.accountId, grace));
    assert.ok(invitation, 'Grace Hopper has an invitation');
    const message = (status: 'queued' | 'sending' | 'sent', key: string) => ({
      channel: 'email' as const,
      invitationId: invitation.id,
      recipient: 'grace.hopper@acme.test',
      template: 'account-invitation',
      payload: { firstName: 'Grace' },
      status,
      idempotencyKey: key,
    });
    const inserted = await t.db
      .insert(outboxMessages)
      .values([message('queued', 'k-queued'), message('sending', 'k-sending'), message('sent', 'k-sent')])
      .returning({ id: outboxMessages.id, key: outboxMessages.idempotencyKey });
    // Another account's queued message is left alone.
    const alan = await accountIdByEmail(t.db, 'alan.turing@acme.test');
    const [alanInvitation] = await t.db.select().from(invitations).where(eq(invitations.accountId, alan));
    await t.db
      .insert(outboxMessages)
      .values({ ...message('queued', 'k-alan'), invitationId: alanInvitation!.id, recipient: 'alan.turing@acme.test' });
    const auditBefore = await auditCount(t.db);

    assert.equal(await deleteAccounts(t.db, acmeOwner, META, [grace]), 1);

    assert.equal(await exists(grace), false);
    const [freed] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.id, number.id));
    assert.ok(freed, 'the number still exists');
    assert.equal(freed.accountId, null);
    assert.equal(freed.organizationId, number.organizationId);
    assert.equal((await t.db.select().from(invitations).where(eq(invitations.accountId, grace))).length, 0);
    assert.equal((await t.db.select().from(invitations).where(eq(invitations.id, invitation.id))).length, 0);

    const messages = await t.db
      .select()
      .from(outboxMessages)
      .where(
        inArray(
          outboxMessages.id,
          inserted.map((m) => m.id),
        ),
      );
    const statusOf = (key: string) => messages.find((m) => m.idempotencyKey === key)!.status;
    assert.equal(statusOf('k-queued'), 'cancelled');
    // A message already in a provider request (a batch) is in flight: it completes, under its
    // idempotency key, rather than being left half-sent.
    assert.equal(statusOf('k-sending'), 'sending');
    assert.equal(statusOf('k-sent'), 'sent', 'a sent message stays sent');
    const [alanMessage] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.idempotencyKey, 'k-alan'));
    assert.equal(alanMessage!.status, 'queued');

    assert.equal(await auditCount(t.db), auditBefore + 1);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'account.delete'))
      .orderBy(auditEvents.id)
      .offset(auditBefore);
    assert.ok(event);
    assert.equal(event.action, 'account.delete');
    assert.equal(event.targetType, 'account');
    assert.deepEqual(event.targetIds, [grace]);
    assert.equal(event.tenantId, acmeOwner.tenantId);
    assert.equal(event.actorAdminId, acmeOwner.id);
    assert.equal(event.actorEmail, 'owner@acme.test');
    assert.equal(event.ipAddress, META.ipAddress);
    assert.equal(event.userAgent, META.userAgent);
    assert.deepEqual(event.details, { usernames: ['grace.hopper@acme.test'] });
  });

  it('deletes several accounts of a subtree in one event, names device-only accounts by device #', async () => {
    const margaret = (await t.db.select().from(accounts).where(eq(accounts.deviceNumber, '+14155559002')))[0]!.id;
    const steve = await accountIdByEmail(t.db, 'steve.wozniak@acme.test');
    const sales = await orgIdByCode(t.db, '2001');
    const auditBefore = await auditCount(t.db);
    assert.equal(await deleteAccounts(t.db, salesAdmin, META, [margaret, steve]), 2);
    const free = await t.db
      .select()
      .from(phoneNumbers)
      .where(inArray(phoneNumbers.e164, ['+12125550200', '+12125550201']));
    assert.deepEqual(
      free.map((n) => [n.accountId, n.organizationId]),
      [
        [null, sales],
        [null, sales],
      ],
    );
    assert.equal(await auditCount(t.db), auditBefore + 1);
    const [event] = await t.db.select().from(auditEvents).orderBy(auditEvents.id).offset(auditBefore);
    assert.deepEqual([...event!.targetIds].sort(), [margaret, steve].sort());
    assert.deepEqual([...(event!.details as { usernames: string[] }).usernames].sort(), [
      '+14155559002',
      'steve.wozniak@acme.test',
    ]);
    assert.equal(event!.actorEmail, 'sales.admin@acme.test');
  });

  it('answers 0 for ids that do not exist', async () => {
    const before = await auditCount(t.db);
    assert.equal(await deleteAccounts(t.db, globexOwner, META, ['00000000-0000-4000-8000-000000000000']), 0);
    assert.equal(await auditCount(t.db), before);
  });
});
