import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { accounts, administrators, importBatches, organizations, phoneNumbers } from '@/db/schema';
import { addAccount } from '@/lib/accounts/add-account';
import { addAdministrator } from '@/lib/administrators/add-administrator';
import { type AdminScope, loadAdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { commitImport } from '@/lib/import/commit-import';
import { previewImport } from '@/lib/import/preview-import';
import { stageImportRows, startImport } from '@/lib/import/stage-import';
import { addNumbers, ONLY_OWNERS_ADD_NUMBERS } from '@/lib/numbers/add-numbers';
import { peekRateLimit, resetRateLimit } from '@/lib/rate-limit';
import { existenceCheckKey, existenceLimitMessage, numberQuotaMessage, numbersHeld } from '@/lib/tenant-limits';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  refused,
  seedDemo,
} from '../helpers/test-db';
import { auditCount, stagedRowCount } from '../helpers/rows';
import { e164Range } from '../helpers/numbers';
import { scriptsDatabase } from '../helpers/scripts';

const META = { ipAddress: '203.0.113.21', userAgent: 'test' };
const BASE = { baseUrl: 'http://portal.test' };

/** docs/product.md#security: only owners add numbers, within the tenant's quota; existence checks are capped per tenant a day. */
describe('tenant limits', () => {
  let t: TestDatabase;
  let owner: AdminScope;
  let sales: AdminScope;
  let globex: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;

  const setLimits = (tenantId: string, limits: { numberQuota?: number; existenceCheckDailyLimit?: number }) =>
    t.db.update(organizations).set(limits).where(eq(organizations.id, tenantId));
  const checksOf = (tenantId: string) => peekRateLimit(t.db, existenceCheckKey(tenantId));
  const numbersIn = async (e164s: string[]) =>
    (await t.db.select({ e164: phoneNumbers.e164 }).from(phoneNumbers).where(inArray(phoneNumbers.e164, e164s))).length;
  const list = (e164s: string[]) => ({
    organizationId: org['2001']!,
    mode: 'list' as const,
    tag: '',
    list: e164s.join('\n'),
  });

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner: owner, salesAdmin: sales, globexOwner: globex } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
  });
  after(() => t.close());
  beforeEach(async () => {
    // Each test sets the limits it needs; the defaults otherwise, and fresh counters.
    await t.db.execute(sql`update organizations set number_quota = 10000, existence_check_daily_limit = 250000
        where parent_id is null`);
    await resetRateLimit(t.db, existenceCheckKey(owner.tenantId));
    await resetRateLimit(t.db, existenceCheckKey(globex.tenantId));
  });

  describe('only owners add numbers', () => {
    it('an admin of a sub-organization is refused, in scope, and nothing is written or counted', async () => {
      assert.equal(sales.role, 'admin');
      const numbers = e164Range('+1646555', 7000, 3);
      const audits = await auditCount(t.db, 'number.add');
      await refused(() => addNumbers(t.db, sales, META, list(numbers)), ONLY_OWNERS_ADD_NUMBERS);
      assert.equal(await numbersIn(numbers), 0);
      assert.equal(await auditCount(t.db, 'number.add'), audits);
      assert.equal(await checksOf(owner.tenantId), 0, 'nothing was checked against the platform');
    });

    it('an admin of the root organization is refused too; an owner adds', async () => {
      await t.db.insert(administrators).values({
        email: 'root.admin@acme.test',
        name: 'Root Admin',
        role: 'admin',
        organizationId: org['2000']!,
        status: 'active',
      });
      const rootAdmin = (await loadAdminScope(t.db, { email: 'root.admin@acme.test' }))!;
      const numbers = e164Range('+1646555', 7010, 2);
      await refused(
        () => addNumbers(t.db, rootAdmin, META, { ...list(numbers), organizationId: org['2000']! }),
        ONLY_OWNERS_ADD_NUMBERS,
      );
      assert.equal(await numbersIn(numbers), 0);
      const added = await addNumbers(t.db, owner, META, { ...list(numbers), organizationId: org['2000']! });
      assert.equal(added.added, 2);
      assert.equal(await numbersIn(numbers), 2);
    });
  });

  describe('the number quota', () => {
    it('an owner adds up to the quota; a request beyond it is refused whole with the quota message', async () => {
      const held = await numbersHeld(t.db, owner.tenantId);
      await setLimits(owner.tenantId, { numberQuota: held + 5 });
      const six = e164Range('+1646555', 7100, 6);
      await refused(() => addNumbers(t.db, owner, META, list(six)), numberQuotaMessage(held + 6, held + 5));
      assert.equal(await numbersIn(six), 0, 'refused whole: not even the five that fit');
      assert.equal(
        numberQuotaMessage(held + 6, held + 5),
        `This would bring your inventory to ${(held + 6).toLocaleString('en-US')} numbers; your limit is ${(held + 5).toLocaleString('en-US')}. Ask the operator to raise it.`,
      );

      assert.equal((await addNumbers(t.db, owner, META, list(six.slice(0, 5)))).added, 5);
      assert.equal(await numbersHeld(t.db, owner.tenantId), held + 5);
      await refused(() => addNumbers(t.db, owner, META, list(six.slice(5))), numberQuotaMessage(held + 6, held + 5));
      assert.equal(await numbersIn(six.slice(5)), 0);

      // Numbers in every organization of the tenant count; another tenant's quota is its own.
      const globexHeld = await numbersHeld(t.db, globex.tenantId);
      const added = await addNumbers(t.db, globex, META, {
        organizationId: org['3000']!,
        mode: 'list',
        tag: '',
        list: '+16465557200',
      });
      assert.equal(added.added, 1);
      assert.equal(await numbersHeld(t.db, globex.tenantId), globexHeld + 1);
    });

    it('concurrent requests that together exceed the quota are not all accepted', async () => {
      const held = await numbersHeld(t.db, owner.tenantId);
      await setLimits(owner.tenantId, { numberQuota: held + 10 });
      // Five requests of six numbers each, at once: each fits alone, only one fits with another. Each
      // insert is slowed down, so without the quota lock every request would count before any commits.
      await t.db.execute(
        sql.raw(`create function slow_number_insert() returns trigger language plpgsql as $$
          begin perform pg_sleep(0.3); return null; end $$`),
      );
      await t.db.execute(
        sql.raw(
          'create trigger slow_number_insert before insert on phone_numbers for each statement execute function slow_number_insert()',
        ),
      );
      const requests = Array.from({ length: 5 }, (_, i) => e164Range('+1646555', 7300 + i * 10, 6));
      let outcomes: PromiseSettledResult<unknown>[];
      try {
        outcomes = await Promise.allSettled(requests.map((numbers) => addNumbers(t.db, owner, META, list(numbers))));
      } finally {
        await t.db.execute(sql.raw('drop trigger slow_number_insert on phone_numbers'));
        await t.db.execute(sql.raw('drop function slow_number_insert()'));
      }
      const accepted = outcomes.filter((o) => o.status === 'fulfilled');
      const refusals = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.equal(accepted.length, 1, `accepted ${accepted.length}`);
      for (const r of refusals) {
        assert.ok(r.reason instanceof UserFacingError, String(r.reason));
        assert.match(r.reason.message, /^This would bring your inventory to [\d,]+ numbers; your limit is [\d,]+\./);
      }
      assert.equal(await numbersHeld(t.db, owner.tenantId), held + 6);
    });
  });

  describe('existence checks, counted per tenant and capped per day', () => {
    const account = (contact: string, organizationId = org['2001']!, groupId = group['2001']!) => ({
      organizationId,
      firstName: 'Limit',
      lastName: 'Test',
      contact,
      permissionGroupId: groupId,
      intent: 'save' as const,
    });
    const administrator = (email: string) => ({
      email,
      name: 'Limit Admin',
      role: 'admin' as const,
      organizationId: org['2001']!,
    });
    const LIMIT = existenceLimitMessage(5);

    it('each place adds the values it checked; at the limit each is refused with the message and writes nothing', async () => {
      await setLimits(owner.tenantId, { existenceCheckDailyLimit: 5 });
      // Add Account: one value, counted whether or not it exists.
      await addAccount(t.db, owner, META, account('limit.one@example.com'), BASE);
      assert.equal(await checksOf(owner.tenantId), 1);
      await assert.rejects(addAccount(t.db, owner, META, account('limit.one@example.com'), BASE), (e: unknown) => {
        assert.ok(e instanceof UserFacingError);
        assert.deepEqual(e.fieldErrors, { contact: ['An account with this email already exists.'] });
        return true;
      });
      assert.equal(await checksOf(owner.tenantId), 2);
      // Add Administrator: one value.
      await addAdministrator(t.db, owner, META, administrator('limit.admin1@example.com'), BASE);
      assert.equal(await checksOf(owner.tenantId), 3);
      // Add numbers: one value a number; three would pass the limit: refused whole, nothing counted.
      const three = e164Range('+1646555', 7400, 3);
      await refused(() => addNumbers(t.db, owner, META, list(three)), LIMIT);
      assert.equal(await numbersIn(three), 0);
      assert.equal(await checksOf(owner.tenantId), 3, 'a refused request takes its checks back');
      await addNumbers(t.db, owner, META, list(three.slice(0, 2)));
      assert.equal(await checksOf(owner.tenantId), 5);

      // At the limit: every place refuses before answering, and nothing is written.
      const before = await snapshot(t.db);
      await refused(() => addAccount(t.db, owner, META, account('limit.two@example.com'), BASE), LIMIT);
      await refused(() => addAccount(t.db, owner, META, account('limit.one@example.com'), BASE), LIMIT);
      await refused(() => addAdministrator(t.db, owner, META, administrator('limit.admin2@example.com'), BASE), LIMIT);
      await refused(() => addNumbers(t.db, owner, META, list([three[2]!])), LIMIT);
      const started = await startImport(t.db, owner, {
        organizationId: org['2001']!,
        fileName: 'limit.csv',
        totalRows: 1,
      });
      await refused(
        () =>
          stageImportRows(t.db, owner, {
            importId: started!.importId,
            rows: [{ line: 2, firstName: 'Im', lastName: 'Port', email: 'limit.import@example.com', deviceNumber: '' }],
          }),
        LIMIT,
      );
      assert.equal(await stagedRowCount(t.db, started!.importId), 0);
      await t.db.delete(importBatches).where(eq(importBatches.id, started!.importId));
      assert.deepEqual(await snapshot(t.db), before);
      assert.equal(await checksOf(owner.tenantId), 5);

      // A sub-organization's administrator counts against the same tenant.
      await refused(() => addAccount(t.db, sales, META, account('limit.three@example.com'), BASE), LIMIT);

      // Another tenant is not affected, and Acme's counter does not move.
      await addAccount(t.db, globex, META, account('limit.globex@example.com', org['3000'], group['3000']), BASE);
      assert.equal(await checksOf(globex.tenantId), 1);
      assert.equal(await checksOf(owner.tenantId), 5);

      // The operator raises the limit: the checks go on.
      await setLimits(owner.tenantId, { existenceCheckDailyLimit: 6 });
      await addAccount(t.db, owner, META, account('limit.two@example.com'), BASE);
      assert.equal(await checksOf(owner.tenantId), 6);
    });

    it('an import counts each staged value once, at staging; its preview and commit count nothing more', async () => {
      await setLimits(owner.tenantId, { existenceCheckDailyLimit: 5 });
      const started = await startImport(t.db, owner, { organizationId: org['2001']!, fileName: 'c.csv', totalRows: 4 });
      const importId = started!.importId;
      const rows = [
        { line: 2, firstName: 'A', lastName: 'One', email: 'count.one@example.com', deviceNumber: '+1 415 555 0161' },
        { line: 3, firstName: 'B', lastName: 'Two', email: 'count.two@example.com', deviceNumber: '' },
        { line: 4, firstName: 'C', lastName: 'Bad', email: 'not-an-email', deviceNumber: '' },
      ];
      await stageImportRows(t.db, owner, { importId, rows });
      assert.equal(await checksOf(owner.tenantId), 3, 'two values, one value, and none for the invalid row');
      // A retry of the same chunk stages and counts nothing.
      await stageImportRows(t.db, owner, { importId, rows });
      assert.equal(await checksOf(owner.tenantId), 3);
      // A chunk that would pass the limit stages nothing.
      const more = [
        { line: 5, firstName: 'D', lastName: 'Four', email: 'count.four@example.com', deviceNumber: '+1 415 555 0162' },
        { line: 6, firstName: 'E', lastName: 'Five', email: 'count.five@example.com', deviceNumber: '' },
      ];
      await refused(() => stageImportRows(t.db, owner, { importId, rows: more }), LIMIT);
      assert.equal(await stagedRowCount(t.db, importId), 3);
      assert.equal(await checksOf(owner.tenantId), 3);

      for (let i = 0; i < 3; i++) await previewImport(t.db, owner, { importId, organizationId: org['2001']! });
      const result = await commitImport(
        t.db,
        owner,
        META,
        { importId, organizationId: org['2001']!, permissionGroupId: group['2001']! },
        BASE,
      );
      assert.equal(result.imported, 2);
      assert.equal(await checksOf(owner.tenantId), 3);
    });

    it('"already exists" never names the other tenant or where the value is', async () => {
      const [globexAccount] = await t.db
        .select({ email: accounts.email })
        .from(accounts)
        .where(and(eq(accounts.organizationId, org['3000']!), sql`${accounts.email} is not null`))
        .limit(1);
      const [globexNumber] = await t.db
        .select({ e164: phoneNumbers.e164 })
        .from(phoneNumbers)
        .where(eq(phoneNumbers.organizationId, org['3000']!))
        .limit(1);
      const messages: string[] = [];
      const collect = async (action: Promise<unknown>) => {
        await assert.rejects(action, (e: unknown) => {
          assert.ok(e instanceof UserFacingError, String(e));
          messages.push(JSON.stringify({ message: e.message, fields: e.fieldErrors }));
          return true;
        });
      };
      await collect(addAccount(t.db, owner, META, account(globexAccount!.email!), BASE));
      await collect(addAdministrator(t.db, owner, META, administrator('owner@globex.test'), BASE));
      await collect(addNumbers(t.db, owner, META, list([globexNumber!.e164])));
      assert.equal(messages.length, 3);
      for (const m of messages) {
        assert.match(m, /already exists/);
        assert.doesNotMatch(m, /Globex|3000|organization|tenant/i);
      }
    });
  });
});

/** Row counts of what the refused actions would write. */
async function snapshot(db: Db) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from accounts) as accounts, (select count(*)::int from administrators) as administrators,
          (select count(*)::int from phone_numbers) as numbers, (select count(*)::int from invitations) as invitations,
          (select count(*)::int from outbox_messages) as messages, (select count(*)::int from audit_events) as audit_events,
          (select count(*)::int from import_rows) as import_rows`,
  );
  return row;
}

/** `npm run tenant:create` with limits, and `npm run tenant:limits`: how the operator sets them. */
describe('operator scripts: tenant limits', () => {
  const scripts = scriptsDatabase('ml-limits-');
  const run = scripts.run;
  const limitsOf = (code: string) =>
    scripts.read((db) =>
      db
        .select({ quota: organizations.numberQuota, checks: organizations.existenceCheckDailyLimit })
        .from(organizations)
        .where(sql`${organizations.code} = ${code} and ${organizations.parentId} is null`),
    );
  const owner = (n: number) => ['--owner-email', `boss${n}@limits.test`, '--owner-name', 'Boss'];

  it('tenant:create takes the limits, or leaves the defaults; refuses a code another tenant has', async () => {
    const set = run(
      'create-tenant',
      '--name',
      'Limited',
      '--code',
      '6000',
      ...owner(1),
      '--number-quota',
      '500',
      '--existence-check-limit',
      '1000',
    );
    assert.equal(set.status, 0, set.stderr);
    assert.match(set.stdout, /Limits: 500 numbers in the inventory, 1000 existence checks a day/);
    assert.deepEqual(await limitsOf('6000'), [{ quota: 500, checks: 1000 }]);

    const defaults = run('create-tenant', '--name', 'Default', '--code', '6001', ...owner(2));
    assert.equal(defaults.status, 0, defaults.stderr);
    assert.deepEqual(await limitsOf('6001'), [{ quota: 10000, checks: 250000 }]);

    const again = run('create-tenant', '--name', 'Same code', '--code', '6000', ...owner(3));
    assert.equal(again.status, 1);
    assert.match(again.stderr, /A tenant with the code 6000 exists already/);
    assert.equal((await limitsOf('6000')).length, 1);

    const bad = run('create-tenant', '--name', 'Bad', '--code', '6002', ...owner(4), '--number-quota', 'many');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Usage: npm run tenant:create/);
  });

  it('tenant:limits prints the old and new values; refuses an unknown code and bad values', async () => {
    const raised = run('set-tenant-limits', '--code', '6000', '--number-quota', '20000');
    assert.equal(raised.status, 0, raised.stderr);
    assert.match(raised.stdout, /Limited \(6000\)/);
    assert.match(raised.stdout, /Number quota: 500 → 20,000 \(0 held\)/);
    assert.match(raised.stdout, /Existence checks a day: 1,000 \(unchanged\)/);
    assert.deepEqual(await limitsOf('6000'), [{ quota: 20000, checks: 1000 }]);

    const both = run('set-tenant-limits', '--code', '6000', '--number-quota', '0', '--existence-check-limit', '300000');
    assert.equal(both.status, 0, both.stderr);
    assert.match(both.stdout, /Number quota: 20,000 → 0/);
    assert.match(both.stdout, /Existence checks a day: 1,000 → 300,000/);
    assert.deepEqual(await limitsOf('6000'), [{ quota: 0, checks: 300000 }]);
    assert.deepEqual(await limitsOf('6001'), [{ quota: 10000, checks: 250000 }], 'another tenant is untouched');

    const unknown = run('set-tenant-limits', '--code', '9999', '--number-quota', '5');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /No tenant has the code 9999/);

    const bad = run('set-tenant-limits', '--code', '6000', '--existence-check-limit', 'lots');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Usage: npm run tenant:limits/);
    assert.deepEqual(await limitsOf('6000'), [{ quota: 0, checks: 300000 }]);
  });
});
