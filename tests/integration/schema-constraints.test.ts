import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { accounts, permissionGroups, phoneNumbers } from '@/db/schema';
import {
  type TestDatabase,
  createTestDatabase,
  orgIdByCode,
  rejectsWithConstraint,
  seedDemo,
} from '../helpers/test-db';

const UNIQUE = '23505';
const CHECK = '23514';

describe('schema constraints', () => {
  let t: TestDatabase;
  let acme: string;
  let acmeGroup: string;
  let seq = 0;

  /** A valid new account in Acme Corp; `values` overrides. */
  const newAccount = (values: Partial<typeof accounts.$inferInsert> = {}) => {
    seq += 1;
    return t.db
      .insert(accounts)
      .values({
        organizationId: acme,
        permissionGroupId: acmeGroup,
        firstName: 'Test',
        lastName: `User${seq}`,
        email: `test.user${seq}@acme.test`,
        ...values,
      })
      .returning()
      .then((rows) => rows[0]!);
  };
  const newNumber = (e164: string, values: Partial<typeof phoneNumbers.$inferInsert> = {}) =>
    t.db
      .insert(phoneNumbers)
      .values({ e164, organizationId: acme, ...values })
      .returning()
      .then((rows) => rows[0]!);

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    acme = await orgIdByCode(t.db, '2000');
    const [group] = await t.db
      .select()
      .from(permissionGroups)
      .where(and(eq(permissionGroups.organizationId, acme), eq(permissionGroups.isDefault, true)));
    acmeGroup = group!.id;
  });
  after(async () => {
    await t?.close();
  });

  it('keeps phone numbers unique platform-wide', async () => {
    await newNumber('+12125559900');
    await rejectsWithConstraint(() => newNumber('+12125559900'), UNIQUE, 'phone_numbers_e164_key');
    // The same number in another organization is refused too.
    const globex = await orgIdByCode(t.db, '3000');
    await rejectsWithConstraint(
      () => newNumber('+12125550100', { organizationId: globex }),
      UNIQUE,
      'phone_numbers_e164_key',
    );
  });

  it('requires phone numbers in E.164', async () => {
    for (const bad of ['2125559901', '+02125559901', '+1 212 555 9901', '+1212555990x', '+12']) {
      await rejectsWithConstraint(() => newNumber(bad), CHECK, 'phone_numbers_e164_check');
    }
  });

  it('assigns a number to at most one account, and an account at most one number', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const n1 = await newNumber('+12125559910', { accountId: a.id });
    await rejectsWithConstraint(
      () => newNumber('+12125559911', { accountId: a.id }),
      UNIQUE,
      'phone_numbers_account_key',
    );
    await rejectsWithConstraint(
      () => t.db.update(phoneNumbers).set({ accountId: a.id }).where(eq(phoneNumbers.e164, '+12125550102')),
      UNIQUE,
      'phone_numbers_account_key',
    );
    // Unassigned numbers (account_id null) are many; a second account may take another number.
    await newNumber('+12125559912');
    await newNumber('+12125559913');
    await newNumber('+12125559914', { accountId: b.id });
    const [row] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.id, n1.id));
    assert.equal(row!.accountId, a.id);
  });

  it('keeps account emails unique, ignoring case', async () => {
    await newAccount({ email: 'Unique.Person@Acme.test' });
    await rejectsWithConstraint(() => newAccount({ email: 'unique.person@acme.test' }), UNIQUE, 'accounts_email_key');
    await rejectsWithConstraint(() => newAccount({ email: 'ADA.LOVELACE@ACME.TEST' }), UNIQUE, 'accounts_email_key');
  });

  it('keeps device numbers unique', async () => {
    await newAccount({ email: null, deviceNumber: '+14155558800' });
    await rejectsWithConstraint(
      () => newAccount({ email: null, deviceNumber: '+14155558800' }),
      UNIQUE,
      'accounts_device_number_key',
    );
    // Margaret Hamilton (seed) has this device number.
    await rejectsWithConstraint(
      () => newAccount({ deviceNumber: '+14155559002' }),
      UNIQUE,
      'accounts_device_number_key',
    );
  });

  it('needs an email or a device number on every account', async () => {
    await rejectsWithConstraint(() => newAccount({ email: null, deviceNumber: null }), CHECK, 'accounts_contact_check');
    const onlyDevice = await newAccount({ email: null, deviceNumber: '+14155558801' });
    assert.equal(onlyDevice.email, null);
    const onlyEmail = await newAccount({ deviceNumber: null });
    assert.equal(onlyEmail.deviceNumber, null);
    await rejectsWithConstraint(
      () => t.db.update(accounts).set({ email: null }).where(eq(accounts.id, onlyEmail.id)),
      CHECK,
      'accounts_contact_check',
    );
  });

  it('requires a device number in E.164', async () => {
    for (const bad of ['4155558802', '+04155558802', '+1 415 555 8802', '+1-415-555-8802', '+1415555880212345']) {
      await rejectsWithConstraint(() => newAccount({ deviceNumber: bad }), CHECK, 'accounts_device_e164_check');
    }
    await newAccount({ deviceNumber: '+442071838750' });
  });

  it('requires the invitation times of an invited account', async () => {
    await rejectsWithConstraint(() => newAccount({ status: 'invited' }), CHECK, 'accounts_invited_check');
    const now = new Date();
    await newAccount({ status: 'invited', invitedAt: now, invitationExpiresAt: new Date(now.getTime() + 86_400_000) });
  });

  it('allows only an upper-case word as a number tag', async () => {
    for (const bad of ['ported', 'Ported', 'PORTED NUMBER', '1PORTED', '_PORTED', 'TOLL-FREE', '', 'A'.repeat(33)]) {
      await rejectsWithConstraint(() => newNumber('+12125559920', { tag: bad }), CHECK, 'phone_numbers_tag_check');
    }
    const ok = await newNumber('+12125559921', { tag: 'TOLL_FREE2' });
    assert.equal(ok.tag, 'TOLL_FREE2');
    await newNumber('+12125559922', { tag: 'A'.repeat(32) });
  });

  it('allows one default permission group per organization', async () => {
    await rejectsWithConstraint(
      () => t.db.insert(permissionGroups).values({ organizationId: acme, name: 'Another default', isDefault: true }),
      UNIQUE,
      'permission_groups_one_default_key',
    );
    // Any number of non-default groups, and a default in each organization.
    await t.db.insert(permissionGroups).values([
      { organizationId: acme, name: 'Interns', isDefault: false },
      { organizationId: acme, name: 'Contractors', isDefault: false },
    ]);
    const defaults = await t.db
      .select()
      .from(permissionGroups)
      .where(and(eq(permissionGroups.organizationId, acme), eq(permissionGroups.isDefault, true)));
    assert.equal(defaults.length, 1);
  });

  it('keeps permission group names unique per organization, ignoring case', async () => {
    await rejectsWithConstraint(
      () => t.db.insert(permissionGroups).values({ organizationId: acme, name: 'EXECUTIVES' }),
      UNIQUE,
      'permission_groups_name_key',
    );
    const globex = await orgIdByCode(t.db, '3000');
    await t.db.insert(permissionGroups).values({ organizationId: globex, name: 'Executives' });
  });

  it('sets the number free (account_id null) when its account is deleted', async () => {
    const account = await newAccount();
    const number = await newNumber('+12125559930', { accountId: account.id, assignedAt: new Date() });
    await t.db.delete(accounts).where(eq(accounts.id, account.id));
    const [row] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.id, number.id));
    assert.ok(row, 'the number stays in the pool');
    assert.equal(row.accountId, null);
    assert.equal(row.organizationId, acme);
  });
});
