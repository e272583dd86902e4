import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { administrators, organizations, phoneNumbers } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import { listOrganizationsInScope, listTagsInScope } from '@/lib/organizations/list-organizations';
import {
  DEMO_ADMINS,
  type TestDatabase,
  adminScope,
  createTestDatabase,
  orgIdByCode,
  seedDemo,
} from '../helpers/test-db';

describe('organizations and tags in scope', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;
  let supportAdmin: AdminScope;

  const orgs = async (admin: AdminScope) =>
    (await listOrganizationsInScope(t.db, admin)).map((o) => [o.code, o.name, o.depth]);

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    acmeOwner = await adminScope(t.db, DEMO_ADMINS.acmeOwner);
    salesAdmin = await adminScope(t.db, DEMO_ADMINS.salesAdmin);
    globexOwner = await adminScope(t.db, DEMO_ADMINS.globexOwner);
    await t.db.insert(administrators).values({
      email: 'support.admin@acme.test',
      name: 'Sue Support',
      role: 'admin',
      organizationId: await orgIdByCode(t.db, '2002'),
      status: 'active',
    });
    supportAdmin = await adminScope(t.db, 'support.admin@acme.test');
  });
  after(async () => {
    await t?.close();
  });

  it('builds the scope of an administrator from their organization', async () => {
    assert.equal(salesAdmin.role, 'admin');
    assert.equal(salesAdmin.organizationName, 'Sales');
    assert.equal(salesAdmin.organizationId, await orgIdByCode(t.db, '2001'));
    assert.equal(salesAdmin.tenantId, acmeOwner.organizationId);
    assert.match(salesAdmin.scopePath, new RegExp(`^/${acmeOwner.organizationId}/${salesAdmin.organizationId}/$`));
  });

  it('lists only Sales for the Sales admin', async () => {
    assert.deepEqual(await orgs(salesAdmin), [['2001', 'Sales', 0]]);
  });

  it('lists the whole Acme tree, parents before children and siblings by name, for the Acme owner', async () => {
    assert.deepEqual(await orgs(acmeOwner), [
      ['2000', 'Acme Corp', 0],
      ['2001', 'Sales', 1],
      ['2002', 'Support', 1],
      ['2003', 'Support EMEA', 2],
    ]);
  });

  it('lists a subtree with depths relative to the administrator', async () => {
    assert.deepEqual(await orgs(supportAdmin), [
      ['2002', 'Support', 0],
      ['2003', 'Support EMEA', 1],
    ]);
  });

  it('lists no Acme organization for the Globex owner', async () => {
    assert.deepEqual(await orgs(globexOwner), [['3000', 'Globex', 0]]);
  });

  it('lists the tags of numbers in scope only', async () => {
    assert.deepEqual(await listTagsInScope(t.db, acmeOwner), ['PORTED']);
    assert.deepEqual(await listTagsInScope(t.db, salesAdmin), [], 'the PORTED numbers belong to Acme Corp, not Sales');
    assert.deepEqual(await listTagsInScope(t.db, globexOwner), []);
    assert.deepEqual(await listTagsInScope(t.db, supportAdmin), []);

    await t.db.update(phoneNumbers).set({ tag: 'TOLLFREE' }).where(eq(phoneNumbers.e164, '+13125550105'));
    await t.db.update(phoneNumbers).set({ tag: 'VANITY' }).where(eq(phoneNumbers.e164, '+12125550210'));
    assert.deepEqual(await listTagsInScope(t.db, globexOwner), ['TOLLFREE']);
    assert.deepEqual(await listTagsInScope(t.db, acmeOwner), ['PORTED', 'VANITY']);
    assert.deepEqual(await listTagsInScope(t.db, salesAdmin), ['VANITY']);
  });
  // A sibling whose name extends its neighbour's ("Support Desk" after "Support") must not sort
  // between "Support" and Support's own children.
  it('keeps children right after their parent when a sibling name extends the parent name', async () => {
    const acme = await orgIdByCode(t.db, '2000');
    const id = crypto.randomUUID();
    await t.db.insert(organizations).values({
      id,
      tenantId: acme,
      parentId: acme,
      code: '2004',
      name: 'Support Desk',
      path: `/${acme}/${id}/`,
      depth: 1,
    });
    assert.deepEqual(await orgs(acmeOwner), [
      ['2000', 'Acme Corp', 0],
      ['2001', 'Sales', 1],
      ['2002', 'Support', 1],
      ['2003', 'Support EMEA', 2],
      ['2004', 'Support Desk', 1],
    ]);
  });
});
