import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { accounts, invitations, outboxMessages } from '@/db/schema';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';
import { hashActivationPassword, hashLinkToken } from '@/lib/invitations/secrets';
import type { AccountInvitationProps } from '@/emails/types';
import { openPayload } from '@/lib/outbox/sealed-payload';
import { type TestDatabase, createTestDatabase, seedDemo } from '../helpers/test-db';
import { accountByEmail } from '../helpers/rows';

describe('issueAccountInvitations', () => {
  let t: TestDatabase;
  const messagesOf = async (accountId: string) =>
    t.db
      .select({ m: outboxMessages, i: invitations })
      .from(outboxMessages)
      .innerJoin(invitations, eq(invitations.id, outboxMessages.invitationId))
      .where(eq(invitations.accountId, accountId))
      .orderBy(outboxMessages.id);

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  after(() => t.close());

  it('invites a not-invited account: Pending, a current invitation, a sealed message with the secrets', async () => {
    const linus = await accountByEmail(t.db, 'linus.torvalds@acme.test');
    assert.equal(linus.status, 'not_invited');
    const [issued] = await t.db.transaction((tx) =>
      issueAccountInvitations(tx, [linus.id], { baseUrl: 'https://portal.test/', createdByAdminId: null }),
    );
    assert.equal(issued!.channel, 'email');
    assert.equal(issued!.destination, 'linus.torvalds@acme.test');

    const after = await accountByEmail(t.db, 'linus.torvalds@acme.test');
    assert.equal(after.status, 'invited');
    assert.ok(after.invitedAt && after.invitationExpiresAt);
    const days = (after.invitationExpiresAt.getTime() - after.invitedAt.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - 30) < 0.01, `30-day expiry, got ${days}`);

    const [row] = await messagesOf(linus.id);
    assert.equal(row!.m.status, 'queued');
    assert.equal(row!.m.template, 'account-invitation');
    assert.ok(!JSON.stringify(row!.m.payload).includes('linus'), 'the payload is sealed');
    const props = openPayload<AccountInvitationProps>(row!.m.payload);
    assert.equal(props.username, 'linus.torvalds@acme.test');
    assert.equal(props.organizationName, 'Acme Corp');
    assert.equal(props.assignedNumber, null);
    assert.equal(row!.i.passwordHash, hashActivationPassword(props.password));
    const token = props.activationUrl.replace('https://portal.test/activate/', '');
    assert.notEqual(token, props.activationUrl);
    assert.equal(row!.i.tokenHash, hashLinkToken(token));
  });

  it('a new invitation supersedes the earlier one and cancels its unsent message', async () => {
    const alan = await accountByEmail(t.db, 'alan.turing@acme.test');
    await t.db.transaction((tx) =>
      issueAccountInvitations(tx, [alan.id], { baseUrl: 'http://x', createdByAdminId: null }),
    );
    await t.db.transaction((tx) =>
      issueAccountInvitations(tx, [alan.id], { baseUrl: 'http://x', createdByAdminId: null }),
    );
    const current = await t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.accountId, alan.id), isNull(invitations.supersededAt)));
    assert.equal(current.length, 1);
    const rows = await messagesOf(alan.id);
    assert.deepEqual(
      rows.map((r) => r.m.status),
      ['cancelled', 'queued'],
    );
    assert.equal(rows[1]!.i.id, current[0]!.id);
  });

  it('an Active account stays Active; an SMS account gets an SMS; the assigned number travels along', async () => {
    const ada = await accountByEmail(t.db, 'ada.lovelace@acme.test');
    const [margaret] = await t.db.select().from(accounts).where(eq(accounts.firstName, 'Margaret'));
    const issued = await t.db.transaction((tx) =>
      issueAccountInvitations(tx, [ada.id, margaret!.id], { baseUrl: 'http://x', createdByAdminId: null }),
    );
    assert.equal(issued.length, 2);
    assert.equal((await accountByEmail(t.db, 'ada.lovelace@acme.test')).status, 'active');
    const [sms] = await messagesOf(margaret!.id);
    assert.equal(sms!.m.channel, 'sms');
    assert.equal(sms!.m.recipient, '+14155559002');
    assert.equal(openPayload<AccountInvitationProps>(sms!.m.payload).assignedNumber, '+12125550200');
  });

  it('a failure after issuing rolls everything back', async () => {
    const katherine = await accountByEmail(t.db, 'katherine.johnson@acme.test');
    const before = await t.db
      .select()
      .from(invitations)
      .where(inArray(invitations.accountId, [katherine.id]));
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await issueAccountInvitations(tx, [katherine.id], { baseUrl: 'http://x', createdByAdminId: null });
        throw new Error('boom');
      }),
      /boom/,
    );
    const afterRows = await t.db
      .select()
      .from(invitations)
      .where(inArray(invitations.accountId, [katherine.id]));
    assert.deepEqual(afterRows, before);
    assert.equal((await messagesOf(katherine.id)).length, 0);
  });
});
