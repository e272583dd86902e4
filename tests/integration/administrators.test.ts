import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { accounts, administrators, auditEvents, invitations, outboxMessages } from '@/db/schema';
import { activateAccount, describeInvitationLink } from '@/lib/activation/activate-account';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';
import { addAdministrator, DUPLICATE_ADMINISTRATOR } from '@/lib/administrators/add-administrator';
import { listAdministrators } from '@/lib/administrators/list-administrators';
import { LAST_OWNER, removeAdministrators } from '@/lib/administrators/remove-administrators';
import { resendAdministratorInvitations } from '@/lib/administrators/resend-administrator-invitations';
import { type SetPasswordResult, setAdministratorPassword } from '@/lib/administrators/set-administrator-password';
import { describeSetPasswordLink } from '@/lib/administrators/set-password-link';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import { verifyPassword } from '@/lib/auth/password';
import { type AdminScope, loadAdminScope } from '@/lib/auth/scope';
import type { AccountInvitationProps, AdministratorInvitationProps } from '@/emails/types';
import { UserFacingError } from '@/lib/errors';
import { openPayload } from '@/lib/outbox/sealed-payload';
import {
  DEMO_ADMINS,
  type TestDatabase,
  adminScope,
  createTestDatabase,
  orgIdByCode,
  seedDemo,
} from '../helpers/test-db';

const META: RequestMeta = { ipAddress: '203.0.113.9', userAgent: 'node-test' };
const BASE = 'https://portal.test';
const PASSWORD = 'correct horse battery';

describe('administrators', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;
  let org: Record<'acme' | 'sales' | 'support' | 'emea' | 'globex', string>;
  let meta = META;
  let n = 0;
  /** A fresh client address per test, so the throttle of one test does not reach another. */
  const freshMeta = () => (meta = { ...META, ipAddress: `198.51.100.${++n}` });

  const adminByEmail = async (email: string) =>
    (
      await t.db
        .select()
        .from(administrators)
        .where(sql`lower(${administrators.email}) = ${email.toLowerCase()}`)
    )[0];
  /** The token of the newest set-password message to `email`, read from the sealed outbox payload. */
  const latestToken = async (email: string) => {
    const [message] = await t.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.recipient, email), eq(outboxMessages.template, 'administrator-invitation')))
      .orderBy(desc(outboxMessages.id))
      .limit(1);
    assert.ok(message, `a message to ${email}`);
    const props = openPayload<AdministratorInvitationProps>(message.payload);
    const match = /^https:\/\/portal\.test\/activate\/admin\/([\w-]{43})$/.exec(props.setPasswordUrl);
    assert.ok(match, props.setPasswordUrl);
    return { token: match[1]!, props, message };
  };
  const add = (by: AdminScope, email: string, role: 'owner' | 'admin', organizationId: string, name = 'New Admin') =>
    addAdministrator(t.db, by, meta, { email, name, role, organizationId }, { baseUrl: BASE });
  const fieldErrorsOf = async (action: Promise<unknown>) => {
    try {
      await action;
    } catch (error) {
      assert.ok(error instanceof UserFacingError, String(error));
      return { message: error.message, fieldErrors: error.fieldErrors ?? {} };
    }
    assert.fail('expected a refusal');
  };
  const invite = async (email: string, role: 'owner' | 'admin', orgId: string) => {
    await add(acmeOwner, email, role, orgId);
    return (await adminByEmail(email))!.id;
  };
  const activate = async (email: string) => {
    const { token } = await latestToken(email);
    const result = await setAdministratorPassword(t.db, { token, password: PASSWORD, request: freshMeta() });
    assert.equal(result.ok, true, JSON.stringify(result));
    return adminScope(t.db, email);
  };

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    acmeOwner = await adminScope(t.db, DEMO_ADMINS.acmeOwner);
    salesAdmin = await adminScope(t.db, DEMO_ADMINS.salesAdmin);
    globexOwner = await adminScope(t.db, DEMO_ADMINS.globexOwner);
    org = {
      acme: await orgIdByCode(t.db, '2000'),
      sales: await orgIdByCode(t.db, '2001'),
      support: await orgIdByCode(t.db, '2002'),
      emea: await orgIdByCode(t.db, '2003'),
      globex: await orgIdByCode(t.db, '3000'),
    };
  });
  after(() => t?.close());

  describe('Add Administrator', () => {
    it('creates an invited administrator with a current link-only invitation, a sealed email and an audit event', async () => {
      freshMeta();
      const added = await add(acmeOwner, '  Nina.Support@Acme.test ', 'admin', org.support, 'Nina Support');
      const row = (await adminByEmail('nina.support@acme.test'))!;
      assert.equal(row.id, added.administratorId);
      assert.equal(row.email, 'nina.support@acme.test', 'trimmed and lower-cased');
      assert.equal(row.status, 'invited');
      assert.equal(row.passwordHash, null);
      assert.equal(row.organizationId, org.support);

      const [invitation] = await t.db.select().from(invitations).where(eq(invitations.administratorId, row.id));
      assert.equal(invitation!.passwordHash, null);
      assert.equal(invitation!.supersededAt, null);
      assert.equal(invitation!.createdByAdminId, acmeOwner.id);
      const days = (invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()) / 86_400_000;
      assert.ok(Math.abs(days - 30) < 0.01, `the tenant's 30 days, got ${days}`);

      const { props, message } = await latestToken('nina.support@acme.test');
      assert.equal(message.status, 'queued');
      assert.equal(message.invitationId, invitation!.id);
      assert.ok(!JSON.stringify(message.payload).includes('nina'), 'the payload is sealed');
      assert.deepEqual(
        { name: props.name, organizationName: props.organizationName, role: props.role, by: props.invitedByName },
        { name: 'Nina Support', organizationName: 'Support', role: 'admin', by: acmeOwner.name },
      );

      const [event] = await t.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'administrator.invite'))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      assert.deepEqual(event!.targetIds, [row.id]);
      assert.equal(event!.actorAdminId, acmeOwner.id);
      assert.equal(event!.organizationId, org.support);
    });

    it('refuses a duplicate email, in any case and from any tenant, without saying where it is', async () => {
      for (const email of ['OWNER@globex.test', 'sales.admin@acme.test']) {
        const refusal = await fieldErrorsOf(add(acmeOwner, email, 'admin', org.sales));
        assert.deepEqual(refusal.fieldErrors, { email: [DUPLICATE_ADMINISTRATOR] });
        assert.ok(!JSON.stringify(refusal).includes('Globex'));
      }
      const count = await t.db.$count(administrators, sql`lower(${administrators.email}) = 'owner@globex.test'`);
      assert.equal(count, 1);
    });

    it('an admin adds admins in their subtree only, never an owner', async () => {
      const owner = await fieldErrorsOf(add(salesAdmin, 'x.owner@acme.test', 'owner', org.acme));
      assert.deepEqual(owner.fieldErrors, { role: ['Only an owner can add an owner.'] });
      for (const above of [org.acme, org.support, org.globex]) {
        const refusal = await fieldErrorsOf(add(salesAdmin, 'x.above@acme.test', 'admin', above));
        assert.deepEqual(refusal.fieldErrors, { organizationId: ['Choose an organization.'] });
      }
      assert.equal(await adminByEmail('x.owner@acme.test'), undefined);
      assert.equal(await adminByEmail('x.above@acme.test'), undefined);
      await add(salesAdmin, 'sales.peer@acme.test', 'admin', org.sales);
      assert.equal((await adminByEmail('sales.peer@acme.test'))!.organizationId, org.sales);
    });

    it('an owner belongs to the root organization; another tenant’s organization is not found', async () => {
      const below = await fieldErrorsOf(add(acmeOwner, 'x.owner@acme.test', 'owner', org.sales));
      assert.deepEqual(below.fieldErrors, {
        organizationId: ['An owner manages the whole tenant: choose the top organization.'],
      });
      const other = await fieldErrorsOf(add(globexOwner, 'spy@globex.test', 'admin', org.sales));
      assert.deepEqual(other.fieldErrors, { organizationId: ['Choose an organization.'] });
      assert.equal(await adminByEmail('spy@globex.test'), undefined);
      await add(acmeOwner, 'second.owner@acme.test', 'owner', org.acme);
      assert.equal((await adminByEmail('second.owner@acme.test'))!.role, 'owner');
    });

    it('validates with the shared schema', async () => {
      const refusal = await fieldErrorsOf(
        addAdministrator(
          t.db,
          acmeOwner,
          meta,
          { email: 'nope', name: ' ', role: 'admin', organizationId: org.acme },
          {
            baseUrl: BASE,
          },
        ),
      );
      assert.deepEqual(Object.keys(refusal.fieldErrors).sort(), ['email', 'name']);
    });
  });

  describe('the list', () => {
    it('shows an owner the whole tenant, an admin their subtree’s admins, and nothing of another tenant', async () => {
      const emails = async (by: AdminScope) => (await listAdministrators(t.db, by)).map((r) => r.email).sort();
      const acme = await emails(acmeOwner);
      for (const e of ['owner@acme.test', 'sales.admin@acme.test', 'nina.support@acme.test', 'sales.peer@acme.test'])
        assert.ok(acme.includes(e), e);
      assert.ok(!acme.includes('owner@globex.test'));
      assert.deepEqual(await emails(salesAdmin), ['sales.admin@acme.test', 'sales.peer@acme.test']);
      assert.deepEqual(await emails(globexOwner), ['owner@globex.test']);

      const [nina] = (await listAdministrators(t.db, acmeOwner)).filter((r) => r.email === 'nina.support@acme.test');
      assert.equal(nina!.status, 'invited');
      assert.equal(nina!.organizationName, 'Support');
      assert.equal(nina!.deliveryState, 'queued');
      assert.equal(nina!.lastSignInAt, null);
    });
  });

  it('an admin attached to the root organization still never sees or touches an owner', async () => {
    await add(acmeOwner, 'root.admin@acme.test', 'admin', org.acme);
    const rootAdmin = await activate('root.admin@acme.test');
    const owner = (await adminByEmail('owner@acme.test'))!;
    const listed = (await listAdministrators(t.db, rootAdmin)).map((r) => r.email);
    assert.ok(listed.includes('sales.admin@acme.test') && listed.includes('nina.support@acme.test'));
    assert.ok(!listed.includes('owner@acme.test'));
    assert.equal(
      (await resendAdministratorInvitations(t.db, rootAdmin, meta, [owner.id], { baseUrl: BASE })).notFound,
      1,
    );
    assert.equal((await removeAdministrators(t.db, rootAdmin, meta, [owner.id])).removed, 0);
    assert.ok(await adminByEmail('owner@acme.test'));
    await removeAdministrators(t.db, acmeOwner, meta, [rootAdmin.id]);
  });

  describe('the set-password link', () => {
    it('opening it changes nothing; the POST sets the password, activates and uses the link, once', async () => {
      const { token } = await latestToken('nina.support@acme.test');
      const shown = await describeSetPasswordLink(t.db, token);
      assert.deepEqual(shown, {
        state: 'ready',
        name: 'Nina Support',
        email: 'nina.support@acme.test',
        role: 'admin',
        organizationName: 'Support',
      });
      assert.equal((await adminByEmail('nina.support@acme.test'))!.status, 'invited', 'a GET changes nothing');
      assert.equal(await loadAdminScope(t.db, { email: 'nina.support@acme.test' }), null, 'cannot sign in yet');

      const result = await setAdministratorPassword(t.db, { token, password: PASSWORD, request: freshMeta() });
      assert.deepEqual(result, { ok: true, email: 'nina.support@acme.test', organizationName: 'Support' });
      const row = (await adminByEmail('nina.support@acme.test'))!;
      assert.equal(row.status, 'active');
      assert.equal(await verifyPassword(PASSWORD, row.passwordHash!), true);
      assert.equal(await verifyPassword('another password', row.passwordHash!), false);
      const [invitation] = await t.db.select().from(invitations).where(eq(invitations.administratorId, row.id));
      assert.ok(invitation!.usedAt);
      const scope = await loadAdminScope(t.db, { email: 'nina.support@acme.test' });
      assert.equal(scope?.organizationName, 'Support');
      const events = await t.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'administrator.set_password'), sql`${row.id} = any(${auditEvents.targetIds})`),
        );
      assert.equal(events.length, 1);
      assert.deepEqual(events[0]!.targetIds, [row.id]);
      assert.equal(events[0]!.tenantId, acmeOwner.tenantId);

      assert.deepEqual(await describeSetPasswordLink(t.db, token), { state: 'used' });
      const again = await setAdministratorPassword(t.db, {
        token,
        password: 'someone else’s pw',
        request: freshMeta(),
      });
      assert.equal(again.ok === false && again.code, 'used');
      assert.equal(await verifyPassword(PASSWORD, (await adminByEmail('nina.support@acme.test'))!.passwordHash!), true);
    });

    it('an unknown, superseded or expired link sets nothing', async () => {
      assert.deepEqual(await describeSetPasswordLink(t.db, 'x'.repeat(43)), { state: 'unknown' });
      const unknown = await setAdministratorPassword(t.db, {
        token: 'x'.repeat(43),
        password: PASSWORD,
        request: freshMeta(),
      });
      assert.equal(unknown.ok === false && unknown.code, 'unknown');

      const id = await invite('late.larry@acme.test', 'admin', org.emea);
      const { token: old } = await latestToken('late.larry@acme.test');
      await t.db
        .update(invitations)
        .set({ createdAt: sql`now() - interval '2 minutes'` })
        .where(eq(invitations.administratorId, id));
      const resent = await resendAdministratorInvitations(t.db, acmeOwner, meta, [id], { baseUrl: BASE });
      assert.equal(resent.sent, 1);
      const { token: fresh } = await latestToken('late.larry@acme.test');
      assert.notEqual(fresh, old);
      assert.deepEqual(await describeSetPasswordLink(t.db, old), { state: 'superseded' });
      const superseded = await setAdministratorPassword(t.db, { token: old, password: PASSWORD, request: freshMeta() });
      assert.equal(superseded.ok === false && superseded.code, 'superseded');

      await t.db
        .update(invitations)
        .set({ expiresAt: sql`now() - interval '1 second'` })
        .where(and(eq(invitations.administratorId, id), isNull(invitations.supersededAt)));
      assert.deepEqual(await describeSetPasswordLink(t.db, fresh), {
        state: 'expired',
        organizationName: 'Support EMEA',
      });
      const expired = await setAdministratorPassword(t.db, { token: fresh, password: PASSWORD, request: freshMeta() });
      assert.equal(expired.ok === false && expired.code, 'expired');
      const row = (await adminByEmail('late.larry@acme.test'))!;
      assert.equal(row.status, 'invited');
      assert.equal(row.passwordHash, null);
    });

    it('an administrator’s link is no account activation link, and the other way round', async () => {
      const id = await invite('cross.check@acme.test', 'admin', org.sales);
      const { token: adminToken } = await latestToken('cross.check@acme.test');
      assert.deepEqual(await describeInvitationLink(t.db, adminToken), { state: 'unknown' });
      const activation = await activateAccount(t.db, {
        credentials: { token: adminToken },
        personalPhone: '+14155550100',
        request: freshMeta(),
      });
      assert.equal(activation.ok, false);

      const [account] = await t.db.select().from(accounts).where(eq(accounts.email, 'linus.torvalds@acme.test'));
      await t.db.transaction((tx) =>
        issueAccountInvitations(tx, [account!.id], { baseUrl: BASE, createdByAdminId: null }),
      );
      const [message] = await t.db
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.recipient, 'linus.torvalds@acme.test'))
        .orderBy(desc(outboxMessages.id))
        .limit(1);
      const accountToken = openPayload<AccountInvitationProps>(message!.payload).activationUrl.split('/activate/')[1]!;
      assert.deepEqual(await describeSetPasswordLink(t.db, accountToken), { state: 'unknown' });
      const refused = await setAdministratorPassword(t.db, {
        token: accountToken,
        password: PASSWORD,
        request: freshMeta(),
      });
      assert.equal(refused.ok === false && refused.code, 'unknown');
      assert.equal((await adminByEmail('cross.check@acme.test'))!.id, id);
    });

    it('attempts on one link from one address are throttled, before the link is checked', async () => {
      const token = 'y'.repeat(43);
      const from = freshMeta();
      let last: SetPasswordResult | undefined;
      for (let i = 0; i < 11; i++) {
        last = await setAdministratorPassword(t.db, { token, password: PASSWORD, request: from });
      }
      assert.equal(last!.ok === false && last!.code, 'rate_limited');
    });
  });

  describe('Resend Invite', () => {
    it('skips one invited less than a minute ago; an active administrator keeps the current password until the link is used', async () => {
      freshMeta();
      const nina = (await adminByEmail('nina.support@acme.test'))!;
      await t.db
        .update(invitations)
        .set({ createdAt: sql`now() - interval '2 minutes'` })
        .where(eq(invitations.administratorId, nina.id));
      const first = await resendAdministratorInvitations(t.db, acmeOwner, meta, [nina.id], { baseUrl: BASE });
      assert.deepEqual(first, { sent: 1, skippedRecent: 0, notFound: 0 });
      const second = await resendAdministratorInvitations(t.db, acmeOwner, meta, [nina.id], { baseUrl: BASE });
      assert.deepEqual(second, { sent: 0, skippedRecent: 1, notFound: 0 });

      const after = (await adminByEmail('nina.support@acme.test'))!;
      assert.equal(after.status, 'active');
      assert.equal(after.passwordHash, nina.passwordHash, 'the current password keeps working');
      const current = await t.db
        .select()
        .from(invitations)
        .where(and(eq(invitations.administratorId, nina.id), isNull(invitations.supersededAt)));
      assert.equal(current.length, 1);

      const { token } = await latestToken('nina.support@acme.test');
      const reset = await setAdministratorPassword(t.db, {
        token,
        password: 'a brand new password',
        request: freshMeta(),
      });
      assert.equal(reset.ok, true);
      const changed = (await adminByEmail('nina.support@acme.test'))!;
      assert.equal(await verifyPassword('a brand new password', changed.passwordHash!), true);
      assert.equal(await verifyPassword(PASSWORD, changed.passwordHash!), false);
      // Sessions signed in with the old password end: their version is no longer the current one.
      assert.equal(changed.sessionVersion, nina.sessionVersion + 1);
      assert.equal(await loadAdminScope(t.db, { id: nina.id, sessionVersion: nina.sessionVersion }), null);
      assert.ok(await loadAdminScope(t.db, { id: nina.id, sessionVersion: changed.sessionVersion }));
    });

    it('outside the scope sends nothing and says only "not found"', async () => {
      const nina = (await adminByEmail('nina.support@acme.test'))!;
      const owner = (await adminByEmail('owner@acme.test'))!;
      const before = await t.db.$count(invitations);
      assert.deepEqual(await resendAdministratorInvitations(t.db, globexOwner, meta, [nina.id], { baseUrl: BASE }), {
        sent: 0,
        skippedRecent: 0,
        notFound: 1,
      });
      assert.deepEqual(
        await resendAdministratorInvitations(t.db, salesAdmin, meta, [nina.id, owner.id], { baseUrl: BASE }),
        { sent: 0, skippedRecent: 0, notFound: 2 },
      );
      assert.equal(await t.db.$count(invitations), before);
    });
  });

  describe('Remove', () => {
    it('outside the scope removes nothing: another tenant, a sibling organization, an owner by an admin', async () => {
      const nina = (await adminByEmail('nina.support@acme.test'))!;
      const owner = (await adminByEmail('owner@acme.test'))!;
      const before = await t.db.$count(auditEvents, eq(auditEvents.action, 'administrator.remove'));
      assert.deepEqual(await removeAdministrators(t.db, globexOwner, meta, [nina.id, owner.id]), {
        removed: 0,
        notFound: 2,
        removedSelf: false,
      });
      assert.deepEqual(await removeAdministrators(t.db, salesAdmin, meta, [nina.id, owner.id]), {
        removed: 0,
        notFound: 2,
        removedSelf: false,
      });
      assert.ok(await adminByEmail('nina.support@acme.test'));
      assert.ok(await adminByEmail('owner@acme.test'));
      assert.equal(await t.db.$count(auditEvents, eq(auditEvents.action, 'administrator.remove')), before);
    });

    it('deletes the administrator: the session ends, their queued invitation is cancelled, the trail keeps the email', async () => {
      const id = await invite('gone.soon@acme.test', 'admin', org.sales);
      const { message } = await latestToken('gone.soon@acme.test');
      const peer = (await adminByEmail('sales.peer@acme.test'))!;
      const result = await removeAdministrators(t.db, salesAdmin, meta, [id, peer.id, crypto.randomUUID()]);
      assert.deepEqual(result, { removed: 2, notFound: 1, removedSelf: false });
      assert.equal(await adminByEmail('gone.soon@acme.test'), undefined);
      assert.equal(await loadAdminScope(t.db, { id }), null, 'their next request finds no administrator');
      const [cancelled] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, message.id));
      assert.equal(cancelled!.status, 'cancelled');
      assert.equal(await t.db.$count(invitations, eq(invitations.administratorId, id)), 0);
      const [event] = await t.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'administrator.remove'))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      assert.deepEqual([...event!.targetIds].sort(), [id, peer.id].sort());
      assert.equal(event!.actorEmail, 'sales.admin@acme.test');
      assert.equal(event!.organizationId, org.sales, 'the Activity page shows it to Sales’s administrators');
      assert.deepEqual((event!.details as { emails: string[] }).emails.sort(), [
        'gone.soon@acme.test',
        'sales.peer@acme.test',
      ]);
    });

    it('the last active owner cannot be removed, not even by themselves; with another active owner they can go', async () => {
      const owner = (await adminByEmail('owner@acme.test'))!;
      // second.owner@acme.test is invited, not active: it does not count.
      const refusal = await fieldErrorsOf(removeAdministrators(t.db, acmeOwner, meta, [owner.id]));
      assert.equal(refusal.message, LAST_OWNER);
      assert.ok(await adminByEmail('owner@acme.test'));

      const second = await activate('second.owner@acme.test');
      // Removing each other at the same moment: one of the two wins, the tenant keeps an owner.
      const outcomes = await Promise.allSettled([
        removeAdministrators(t.db, acmeOwner, meta, [second.id]),
        removeAdministrators(t.db, second, meta, [owner.id]),
      ]);
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, JSON.stringify(outcomes));
      const left = await t.db
        .select()
        .from(administrators)
        .where(and(eq(administrators.role, 'owner'), eq(administrators.status, 'active')));
      const acmeLeft = left.filter((a) => a.email.endsWith('@acme.test'));
      assert.equal(acmeLeft.length, 1);
      const survivor = await adminScope(t.db, acmeLeft[0]!.email);

      // The survivor adds a third owner, who activates; the survivor may then remove themselves.
      await add(survivor, 'third.owner@acme.test', 'owner', org.acme);
      await activate('third.owner@acme.test');
      const self = await removeAdministrators(t.db, survivor, meta, [survivor.id]);
      assert.deepEqual(self, { removed: 1, notFound: 0, removedSelf: true });
      assert.equal(await loadAdminScope(t.db, { id: survivor.id }), null);
      const [event] = await t.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'administrator.remove'))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      assert.equal(event!.actorAdminId, null);
      assert.equal(event!.actorEmail, survivor.email);
    });
  });
});
