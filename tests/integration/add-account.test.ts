import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, isNull } from 'drizzle-orm';
import { accounts, auditEvents, invitations, outboxMessages, phoneNumbers } from '@/db/schema';
import { addAccount } from '@/lib/accounts/add-account';
import { getAddAccountOptions } from '@/lib/accounts/add-account-options';
import { addAccountSchema, type AddAccountValues } from '@/lib/accounts/add-account-schema';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { describeResend, resendAccountInvitations } from '@/lib/invitations/resend-account-invitations';
import { getHeadroom, NOT_ENOUGH_NUMBERS } from '@/lib/numbers/headroom';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
} from '../helpers/test-db';

const META = { ipAddress: '203.0.113.9', userAgent: 'test' };
const BASE = { baseUrl: 'http://portal.test' };

describe('Add Account and Resend Invite', () => {
  let t: TestDatabase;
  let owner: AdminScope;
  let sales: AdminScope;
  let globex: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;

  const values = (overrides: Partial<AddAccountValues> & { contact: string }): AddAccountValues =>
    addAccountSchema('US').parse({
      organizationId: org['2000'],
      firstName: 'Test',
      lastName: 'User',
      permissionGroupId: group['2000'],
      intent: 'invite',
      ...overrides,
    });

  const fieldErrors = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof UserFacingError) return { message: error.message, fields: error.fieldErrors ?? {} };
      throw error;
    }
    assert.fail('expected a UserFacingError');
  };

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner: owner, salesAdmin: sales, globexOwner: globex } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
  });
  after(() => t.close());

  it('the schema normalizes the contact and refuses what is neither an email nor a phone number', () => {
    const schema = addAccountSchema('US');
    const base = {
      organizationId: org['2000'],
      firstName: 'A',
      lastName: 'B',
      permissionGroupId: group['2000'],
      intent: 'save',
    };
    assert.equal(schema.safeParse({ ...base, contact: 'not-an-email@' }).success, false);
    assert.equal(schema.safeParse({ ...base, contact: '12' }).success, false);
    assert.equal(schema.safeParse({ ...base, contact: '(415) 555-0100' }).success, true);
    assert.equal(schema.safeParse({ ...base, contact: '+44 20 7946 0958' }).success, true);
    const noName = schema.safeParse({ ...base, firstName: '  ', contact: 'a@b.test' });
    assert.equal(noName.success, false);
  });

  it('invites with a PORTED tag: the lowest PORTED number, an invitation, a queued message, an audit event', async () => {
    const added = await addAccount(
      t.db,
      owner,
      META,
      values({ contact: 'Nora.Ported@acme.test', number: 'tag:PORTED' }),
      BASE,
    );
    assert.equal(added.number, '+12125550127');
    assert.equal(added.invited, true);
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, added.accountId));
    assert.equal(account!.email, 'nora.ported@acme.test');
    assert.equal(account!.status, 'invited');
    const [inv] = await t.db.select().from(invitations).where(eq(invitations.accountId, added.accountId));
    assert.equal(inv!.deliveryState, 'queued');
    const [msg] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.invitationId, inv!.id));
    assert.equal(msg!.status, 'queued');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'account.create_and_invite'));
    assert.deepEqual(
      events.map((e) => e.targetIds),
      [[added.accountId]],
    );
  });

  it('Save creates a Not invited account with no invitation', async () => {
    const added = await addAccount(t.db, owner, META, values({ contact: '+1 415 555 0142', intent: 'save' }), BASE);
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, added.accountId));
    assert.equal(account!.deviceNumber, '+14155550142');
    assert.equal(account!.status, 'not_invited');
    assert.equal((await t.db.select().from(invitations).where(eq(invitations.accountId, added.accountId))).length, 0);
  });

  it('refuses a duplicate email (any case, any tenant) and a duplicate device # on the field', async () => {
    const dup = await fieldErrors(
      addAccount(
        t.db,
        globex,
        META,
        values({ organizationId: org['3000'], permissionGroupId: group['3000'], contact: 'ADA.lovelace@acme.test' }),
        BASE,
      ),
    );
    assert.deepEqual(dup.fields.contact, ['An account with this email already exists.']);
    const dupPhone = await fieldErrors(addAccount(t.db, owner, META, values({ contact: '415-555-9002' }), BASE));
    assert.deepEqual(dupPhone.fields.contact, ['An account with this device # already exists.']);
  });

  it('a number taken meanwhile, and a tag with nothing left, are field errors and change nothing', async () => {
    const taken = await fieldErrors(
      addAccount(t.db, owner, META, values({ contact: 'x1@acme.test', number: '+12125550100' }), BASE),
    );
    assert.deepEqual(taken.fields.number, ['This number was taken meanwhile. Choose another.']);
    const none = await fieldErrors(
      addAccount(t.db, owner, META, values({ contact: 'x2@acme.test', number: 'tag:TOLLFREE' }), BASE),
    );
    assert.match(none.fields.number![0]!, /No TOLLFREE number is available/);
    const rows = await t.db.select().from(accounts).where(eq(accounts.email, 'x1@acme.test'));
    assert.equal(rows.length, 0, 'the account was rolled back with the failed number');
  });

  it('without a number, an organization without headroom refuses with the documented message', async () => {
    assert.equal((await getHeadroom(t.db, [org['2003']!])).get(org['2003']!)!.headroom, 0);
    const err = await fieldErrors(
      addAccount(
        t.db,
        owner,
        META,
        values({ organizationId: org['2003'], permissionGroupId: group['2003'], contact: 'emea@acme.test' }),
        BASE,
      ),
    );
    assert.equal(err.message, `Unable to add account. ${NOT_ENOUGH_NUMBERS}.`);
    assert.equal((await t.db.select().from(accounts).where(eq(accounts.email, 'emea@acme.test'))).length, 0);
  });

  it("scope: an admin of Sales cannot add to Acme Corp, nor use another organization's group; Globex sees nothing of Acme", async () => {
    const outside = await fieldErrors(addAccount(t.db, sales, META, values({ contact: 's1@acme.test' }), BASE));
    assert.deepEqual(outside.fields.organizationId, ['Choose an organization.']);
    const wrongGroup = await fieldErrors(
      addAccount(
        t.db,
        sales,
        META,
        values({ organizationId: org['2001'], permissionGroupId: group['2000'], contact: 's2@acme.test' }),
        BASE,
      ),
    );
    assert.ok(wrongGroup.fields.permissionGroupId);
    assert.equal(await getAddAccountOptions(t.db, globex, org['2000']!), null);
    const options = await getAddAccountOptions(t.db, owner, org['2000']!);
    // PORTED is reserved in the demo data: an administrator may still pick it, marked.
    assert.deepEqual(options!.tags, [{ tag: 'PORTED', available: 2, reserved: true }]);
    assert.equal(options!.groups[0]!.name, 'default cos for org 2000', 'the default comes first');
  });

  it('20 simultaneous invites taking the PORTED tag get distinct numbers or a clear error', async () => {
    // Two PORTED numbers are left (+12125550128, +12125550129).
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        addAccount(t.db, owner, META, values({ contact: `race${i}@acme.test`, number: 'tag:PORTED' }), BASE),
      ),
    );
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.number] : []));
    assert.equal(new Set(numbers).size, numbers.length, 'no number twice');
    assert.ok(numbers.length >= 1 && numbers.length <= 2, `got ${numbers.length}`);
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof UserFacingError, String(r.reason));
        assert.match(r.reason.fieldErrors!.number![0]!, /No PORTED number is available/);
      }
    }
    const ported = await t.db
      .select()
      .from(phoneNumbers)
      .where(and(eq(phoneNumbers.tag, 'PORTED'), isNull(phoneNumbers.accountId)));
    assert.equal(ported.length, 2 - numbers.length);
  });

  it('Resend Invite sends to each account in scope, skips one sent less than a minute ago, and says so', async () => {
    const ids = (
      await t.db
        .select({ id: accounts.id, email: accounts.email })
        .from(accounts)
        .where(eq(accounts.organizationId, org['2000']!))
    ).filter((a) =>
      [
        'alan.turing@acme.test',
        'katherine.johnson@acme.test',
        'ada.lovelace@acme.test',
        'linus.torvalds@acme.test',
        'nora.ported@acme.test',
      ].includes(a.email!),
    );
    assert.equal(ids.length, 5);
    const hank = (await t.db.select().from(accounts).where(eq(accounts.email, 'hank.scorpio@globex.test')))[0]!;
    const result = await resendAccountInvitations(t.db, owner, META, [...ids.map((i) => i.id), hank.id], BASE);
    assert.deepEqual(result, { sent: 4, skippedRecent: 1, notFound: 1 });
    assert.equal(
      describeResend(result),
      '4 invitations sent, 1 skipped: sent less than a minute ago, 1 not found (deleted meanwhile).',
    );
    // A double click: everything was just sent.
    const again = await resendAccountInvitations(
      t.db,
      owner,
      META,
      ids.map((i) => i.id),
      BASE,
    );
    assert.deepEqual(again, { sent: 0, skippedRecent: 5, notFound: 0 });
    const [linus] = await t.db.select().from(accounts).where(eq(accounts.email, 'linus.torvalds@acme.test'));
    assert.equal(linus!.status, 'invited');
    const hankInvites = await t.db.select().from(invitations).where(eq(invitations.accountId, hank.id));
    assert.equal(hankInvites.filter((i) => i.supersededAt === null).length, 1, 'Globex untouched');
    assert.equal(hankInvites.length, 1);
  });

  it('two concurrent Resend Invite clicks send one invitation', async () => {
    const [frances] = await t.db.select().from(accounts).where(eq(accounts.email, 'frances.allen@acme.test'));
    const [a, b] = await Promise.all([
      resendAccountInvitations(t.db, owner, META, [frances!.id], BASE),
      resendAccountInvitations(t.db, owner, META, [frances!.id], BASE),
    ]);
    assert.equal(a.sent + b.sent, 1);
    assert.equal(a.skippedRecent + b.skippedRecent, 1);
  });
});
