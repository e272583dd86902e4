import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { accounts, auditEvents, invitations, organizations, outboxMessages } from '@/db/schema';
import { actorWithoutAdministrator } from '@/lib/activity/action-labels';
import { REMINDER_ACTION, sendInvitationReminders } from '@/lib/invitations/send-reminders';
import { runMaintenance } from '@/lib/maintenance';
import { activationHarness, assertFailure } from '../helpers/activation';
import { demoOrganizations } from '../helpers/test-db';

// The automatic reminder (lib/invitations/send-reminders.ts): N days before a Pending account's
// invitation expires, a new one is sent once, audited as the system's; safe with two sweeps at once.

const baseUrl = 'https://portal.test';
const PHONE = '+14155550188';

describe('automatic reminder', () => {
  const h = activationHarness();
  let org: Record<string, string>;

  const sweep = (batchSize?: number) => sendInvitationReminders(h.db, { baseUrl, batchSize });
  const setReminder = (code: string, days: number | null) =>
    h.db.update(organizations).set({ reminderDaysBeforeExpiry: days }).where(eq(organizations.id, org[code]!));
  /** Moves the current invitation's expiry (and the account's copy of it) to now + `interval`. */
  const expiresIn = async (accountId: string, interval: string) => {
    const at = sql`now() + ${interval}::interval`;
    await h.db
      .update(invitations)
      .set({ expiresAt: at })
      .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
    await h.db.update(accounts).set({ invitationExpiresAt: at }).where(eq(accounts.id, accountId));
  };
  const invitationsOf = (accountId: string) =>
    h.db.select().from(invitations).where(eq(invitations.accountId, accountId)).orderBy(asc(invitations.createdAt));
  /** A Pending account of `code` whose invitation expires in `interval`. */
  const pending = async (code: string, interval: string) => {
    const account = await h.newAccount(code);
    const secrets = await h.invite(account.id);
    await expiresIn(account.id, interval);
    return { account, secrets };
  };

  before(async () => {
    ({ org } = await demoOrganizations(h.db));
  });

  it('is off by default: nothing is sent', async () => {
    const { account } = await pending('2001', '1 day');
    assert.equal(await sweep(), 0);
    assert.equal((await invitationsOf(account.id)).length, 1);
    await expiresIn(account.id, '20 days');
  });

  it('sends one new invitation N days before expiry: new password, renewed expiry, automatic, audited as the system', async () => {
    await setReminder('2000', 3);
    try {
      const { account, secrets } = await pending('2002', '2 days');
      const notYet = await pending('2002', '10 days');
      const before = await h.currentInvitation(account.id);

      assert.equal(await sweep(), 1);
      assert.equal(await sweep(), 0, 'a second sweep sends nothing');

      const all = await invitationsOf(account.id);
      assert.equal(all.length, 2);
      const [old, fresh] = all;
      assert.ok(old!.supersededAt, 'the old invitation is superseded');
      assert.equal(fresh!.supersededAt, null);
      assert.equal(fresh!.automatic, true);
      assert.equal(fresh!.createdByAdminId, null);
      const days = (fresh!.expiresAt.getTime() - Date.now()) / 86_400_000;
      assert.ok(days > 29 && days <= 30, `renewed to the tenant's 30 days, got ${days}`);
      assert.ok(fresh!.expiresAt > before.expiresAt);
      assert.equal((await h.accountById(account.id)).invitationExpiresAt?.getTime(), fresh!.expiresAt.getTime());
      assert.equal((await invitationsOf(notYet.account.id)).length, 1, 'not yet due');

      const [message] = await h.db.select().from(outboxMessages).where(eq(outboxMessages.invitationId, fresh!.id));
      assert.equal(message!.status, 'queued');
      assert.equal(message!.template, 'account-invitation');

      // The old password stops working.
      const withOld = await h.activate({
        credentials: { username: secrets.username, password: secrets.password },
        personalPhone: PHONE,
      });
      assertFailure(withOld, 'invitation_superseded');

      const [event] = await h.db
        .select()
        .from(auditEvents)
        .where(sql`${account.id} = any(${auditEvents.targetIds}) and ${auditEvents.action} = ${REMINDER_ACTION}`);
      assert.equal(event!.actorAdminId, null);
      assert.equal(event!.actorEmail, null);
      assert.equal(event!.organizationId, org['2002']);
      assert.equal(event!.tenantId, org['2000']);
      assert.deepEqual(event!.details, { sent: 1, daysBeforeExpiry: 3 });
      assert.equal(actorWithoutAdministrator(event!.action), 'System (automatic reminder)');

      // A reminder is never reminded again, even once it is near its own expiry.
      await expiresIn(account.id, '1 day');
      assert.equal(await sweep(), 0);
      await expiresIn(account.id, '20 days');
      await expiresIn(notYet.account.id, '20 days');
    } finally {
      await setReminder('2000', null);
    }
  });

  it('the new password activates', async () => {
    await setReminder('2000', 3);
    try {
      const { account } = await pending('2001', '2 days');
      assert.equal(await sweep(), 1);
      // Read the new secrets as the user would: the reminder's message is the invitation.
      const fresh = await h.currentInvitation(account.id);
      assert.equal(fresh.automatic, true);
      const { openPayload } = await import('@/lib/outbox/sealed-payload');
      const [message] = await h.db.select().from(outboxMessages).where(eq(outboxMessages.invitationId, fresh.id));
      const props = openPayload<{ username: string; password: string; activationUrl: string }>(message!.payload);
      assert.ok(props.activationUrl.startsWith(`${baseUrl}/activate/`));
      const result = await h.activate({
        credentials: { username: props.username, password: props.password },
        personalPhone: PHONE,
        numberChoice: null,
      });
      // Sales accounts have no number yet: the credentials were accepted, a number is asked for.
      assert.equal(result.ok ? 'ok' : result.code, 'number_required');
    } finally {
      await setReminder('2000', null);
    }
  });

  it('skips Suspended, Active, Not invited and Expired accounts, and tenants with the reminder off', async () => {
    await setReminder('2000', 3);
    try {
      const suspended = await pending('2002', '2 days');
      await h.db.update(accounts).set({ status: 'suspended' }).where(eq(accounts.id, suspended.account.id));
      const active = await pending('2002', '2 days');
      await h.db.update(accounts).set({ status: 'active' }).where(eq(accounts.id, active.account.id));
      const expired = await pending('2002', '-1 day');
      const notInvited = await h.newAccount('2002');
      const globex = await pending('3000', '2 days');

      assert.equal(await sweep(), 0);
      for (const a of [suspended.account, active.account, expired.account, globex.account]) {
        assert.equal((await invitationsOf(a.id)).length, 1);
      }
      assert.equal((await invitationsOf(notInvited.id)).length, 0);
      await h.db.delete(accounts).where(eq(accounts.id, globex.account.id));
    } finally {
      await setReminder('2000', null);
    }
  });

  it('runs in batches and with the maintenance on the drainer’s schedule', async () => {
    await setReminder('2000', 3);
    try {
      const due = [];
      for (let i = 0; i < 5; i++) due.push((await pending('2003', '2 days')).account);
      assert.equal(await sendInvitationReminders(h.db, { baseUrl, batchSize: 2 }), 5);
      for (const a of due) assert.equal((await h.currentInvitation(a.id)).automatic, true);

      const more = await pending('2003', '2 days');
      const counts = await runMaintenance(h.db, { baseUrl });
      assert.equal(counts.invitationRemindersSent, 1);
      assert.equal((await h.currentInvitation(more.account.id)).automatic, true);
    } finally {
      await setReminder('2000', null);
    }
  });

  it('two sweeps at once send exactly one new invitation per account', async () => {
    await setReminder('2000', 3);
    try {
      const due = [];
      for (let i = 0; i < 24; i++) due.push((await pending('2002', '2 days')).account);
      const [a, b] = await Promise.all([sweep(5), sweep(5)]);
      assert.equal(a + b, 24, `${h.kind}: ${a} + ${b}`);
      for (const account of due) {
        const all = await invitationsOf(account.id);
        assert.equal(all.length, 2, `one reminder for ${account.id}`);
        assert.equal(all.filter((i) => i.supersededAt === null && i.automatic).length, 1);
      }
      assert.equal(await sweep(), 0);
    } finally {
      await setReminder('2000', null);
    }
  });
});
