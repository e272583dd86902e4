import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq, isNull, sql } from 'drizzle-orm';
import { migrateDatabase, queryRows } from '@/db/client';
import { accounts, administrators, invitations, organizations, permissionGroups, phoneNumbers } from '@/db/schema';
import { DEMO_PASSWORD, seedDemoData, seedDemoDataIfEmpty } from '@/lib/demo/seed-demo-data';
import { displayStatus } from '@/lib/accounts/account-status';
import { verifyPassword } from '@/lib/auth/password';
import { type TestDatabase, createTestDatabase } from '../helpers/test-db';

async function tableCounts(t: TestDatabase) {
  const tables = { organizations, administrators, permissionGroups, phoneNumbers, accounts, invitations };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await t.db.select({ n: count() }).from(table);
    out[name] = row!.n;
  }
  return out;
}

describe('demo data (docs/product.md#demo-data)', () => {
  let t: TestDatabase;
  let firstRun: boolean[];
  let orgs: (typeof organizations.$inferSelect)[];
  const byCode = (code: string) => {
    const org = orgs.find((o) => o.code === code);
    assert.ok(org, `organization ${code}`);
    return org;
  };

  before(async () => {
    t = await createTestDatabase();
    // Two instances starting at once on an empty database: exactly one seeds.
    firstRun = await Promise.all([seedDemoData(t.db), seedDemoData(t.db)]);
    orgs = await t.db.select().from(organizations);
  });
  after(async () => {
    await t?.close();
  });

  it('runs on the database the environment selects', () => {
    assert.equal(t.kind, process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('seeds once when started twice at the same time', () => {
    assert.deepEqual([...firstRun].sort(), [false, true]);
  });

  it('creates the two tenants and their organization trees', () => {
    assert.deepEqual(orgs.map((o) => o.code).sort(), ['2000', '2001', '2002', '2003', '3000']);
    const expected: Record<string, { name: string; parent: string | null; root: string; depth: number }> = {
      '2000': { name: 'Acme Corp', parent: null, root: '2000', depth: 0 },
      '2001': { name: 'Sales', parent: '2000', root: '2000', depth: 1 },
      '2002': { name: 'Support', parent: '2000', root: '2000', depth: 1 },
      '2003': { name: 'Support EMEA', parent: '2002', root: '2000', depth: 2 },
      '3000': { name: 'Globex', parent: null, root: '3000', depth: 0 },
    };
    for (const [code, want] of Object.entries(expected)) {
      const org = byCode(code);
      assert.equal(org.name, want.name, code);
      assert.equal(org.depth, want.depth, code);
      assert.equal(org.tenantId, byCode(want.root).id, `${code} tenant`);
      if (want.parent === null) {
        assert.equal(org.parentId, null, code);
        assert.equal(org.path, `/${org.id}/`, code);
      } else {
        const parent = byCode(want.parent);
        assert.equal(org.parentId, parent.id, code);
        assert.equal(org.path, `${parent.path}${org.id}/`, code);
      }
    }
  });

  it('gives each organization its numbers: 30 (3 PORTED) / 50 / 5 / 0 / 10', async () => {
    const rows = await t.db
      .select({ code: organizations.code, tag: phoneNumbers.tag, n: count() })
      .from(phoneNumbers)
      .innerJoin(organizations, eq(organizations.id, phoneNumbers.organizationId))
      .groupBy(organizations.code, phoneNumbers.tag);
    const total = (code: string) => rows.filter((r) => r.code === code).reduce((s, r) => s + r.n, 0);
    assert.equal(total('2000'), 30);
    assert.equal(total('2001'), 50);
    assert.equal(total('2002'), 5);
    assert.equal(total('2003'), 0);
    assert.equal(total('3000'), 10);
    const tagged = rows.filter((r) => r.tag !== null);
    assert.deepEqual(tagged, [{ code: '2000', tag: 'PORTED', n: 3 }]);
  });

  it('creates the User Permissions groups, one default per organization', async () => {
    const rows = await t.db
      .select({ code: organizations.code, name: permissionGroups.name, isDefault: permissionGroups.isDefault })
      .from(permissionGroups)
      .innerJoin(organizations, eq(organizations.id, permissionGroups.organizationId));
    const of = (code: string) =>
      rows
        .filter((r) => r.code === code)
        .map((r) => `${r.name}${r.isDefault ? ' (default)' : ''}`)
        .sort();
    assert.deepEqual(of('2000'), ['Executives', 'default cos for org 2000 (default)']);
    for (const code of ['2001', '2002', '2003', '3000']) {
      assert.deepEqual(of(code), [`default cos for org ${code} (default)`], code);
    }
  });

  it('creates the three administrators, active, with the demo password', async () => {
    const rows = await t.db
      .select({
        email: administrators.email,
        role: administrators.role,
        status: administrators.status,
        code: organizations.code,
        passwordHash: administrators.passwordHash,
      })
      .from(administrators)
      .innerJoin(organizations, eq(organizations.id, administrators.organizationId));
    assert.deepEqual(rows.map((r) => [r.email, r.role, r.code, r.status]).sort(), [
      ['owner@acme.test', 'owner', '2000', 'active'],
      ['owner@globex.test', 'owner', '3000', 'active'],
      ['sales.admin@acme.test', 'admin', '2001', 'active'],
    ]);
    for (const r of rows) {
      assert.ok(r.passwordHash && r.passwordHash.startsWith('scrypt$'), r.email);
      assert.equal(await verifyPassword(DEMO_PASSWORD, r.passwordHash), true, r.email);
    }
    assert.equal(await verifyPassword('multiline-demo!', rows[0]!.passwordHash!), false);
    assert.equal(DEMO_PASSWORD, 'multiline-demo');
  });

  it('creates Acme accounts in every status, and a few in Globex', async () => {
    const rows = await t.db
      .select({
        email: accounts.email,
        code: organizations.code,
        tenantCode: sql<string>`(select r.code from ${organizations} r where r.id = ${organizations.tenantId})`,
        status: accounts.status,
        expiresAt: accounts.invitationExpiresAt,
        number: phoneNumbers.e164,
        personalPhone: accounts.personalPhone,
        activatedAt: accounts.activatedAt,
      })
      .from(accounts)
      .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
      .leftJoin(phoneNumbers, eq(phoneNumbers.accountId, accounts.id));
    const acme = rows.filter((r) => r.tenantCode === '2000');
    const globex = rows.filter((r) => r.tenantCode === '3000');
    const shown = (r: (typeof rows)[number]) => displayStatus(r.status, r.expiresAt);
    const active = acme.filter((r) => shown(r) === 'active');
    assert.ok(active.length >= 1, 'an Active account');
    for (const r of active) {
      assert.ok(r.personalPhone, 'an active account has its personal phone');
      assert.ok(r.activatedAt, 'an active account has its activation time');
    }
    assert.ok(
      acme.some((r) => shown(r) === 'pending' && r.number),
      'a Pending account with a number',
    );
    assert.ok(
      acme.some((r) => shown(r) === 'pending' && !r.number),
      'a Pending account without a number',
    );
    assert.ok(
      acme.some((r) => shown(r) === 'expired'),
      'an Expired account',
    );
    assert.ok(
      acme.some((r) => shown(r) === 'not_invited'),
      'a Not invited account',
    );
    assert.ok(globex.length >= 2, 'a few accounts in Globex');
    assert.equal(acme.length + globex.length, rows.length);
  });

  it('gives each account only numbers of its own organization', async () => {
    const mismatched = await t.db
      .select({ id: phoneNumbers.id })
      .from(phoneNumbers)
      .innerJoin(accounts, eq(accounts.id, phoneNumbers.accountId))
      .where(sql`${phoneNumbers.organizationId} <> ${accounts.organizationId}`);
    assert.equal(mismatched.length, 0);
  });

  it('gives every invited account exactly one current invitation and the others none', async () => {
    const rows = await t.db
      .select({
        status: accounts.status,
        expiresAt: accounts.invitationExpiresAt,
        invitationExpiresAt: invitations.expiresAt,
        passwordHash: invitations.passwordHash,
      })
      .from(accounts)
      .leftJoin(invitations, eq(invitations.accountId, accounts.id));
    for (const r of rows) {
      if (r.status === 'not_invited') {
        assert.equal(r.invitationExpiresAt, null);
      } else {
        assert.ok(r.invitationExpiresAt, 'invitation');
        assert.equal(r.invitationExpiresAt.getTime(), r.expiresAt!.getTime());
        assert.ok(r.passwordHash);
      }
    }
    const [current] = await t.db.select({ n: count() }).from(invitations).where(isNull(invitations.supersededAt));
    const [invited] = await t.db
      .select({ n: count() })
      .from(accounts)
      .where(sql`${accounts.status} <> 'not_invited'`);
    assert.equal(current!.n, invited!.n);
  });

  it('seeds nothing when run again', async () => {
    const before = await tableCounts(t);
    assert.equal(await seedDemoData(t.db), false);
    assert.equal(await seedDemoDataIfEmpty(t.db), false);
    assert.deepEqual(await tableCounts(t), before);
  });

  it('applies the migrations a second time harmlessly', async () => {
    const before = await tableCounts(t);
    const migrationsBefore = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    await migrateDatabase(t.handle, t.url);
    await migrateDatabase(t.handle, t.url);
    const migrationsAfter = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    assert.equal(Number(migrationsAfter[0]!.n), Number(migrationsBefore[0]!.n));
    assert.ok(Number(migrationsAfter[0]!.n) >= 2);
    assert.deepEqual(await tableCounts(t), before);
  });
});
