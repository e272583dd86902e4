import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, sql } from 'drizzle-orm';
import { accountCounts, accounts, auditEvents, organizations, permissionGroups } from '@/db/schema';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { getHeadroom } from '@/lib/numbers/headroom';
import { CODE_TAKEN, createOrganization, NAME_TAKEN } from '@/lib/organizations/create-organization';
import { getOrganizationTree } from '@/lib/organizations/get-organization-tree';
import { filterOptionsInScope } from '@/lib/organizations/list-organizations';
import { createOrganizationSchema } from '@/lib/organizations/organization-schemas';
import { ORGANIZATION_NOT_FOUND, OWN_ORGANIZATION, renameOrganization } from '@/lib/organizations/rename-organization';
import {
  DEMO_ADMINS,
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  orgIdByCode,
  refused,
  seedDemo,
} from '../helpers/test-db';

const META: RequestMeta = { ipAddress: '203.0.113.9', userAgent: 'node-test' };

describe('Organizations page: tree, create and rename', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;
  let sales: string;
  let support: string;

  /** Everything the scope tests must leave untouched. */
  const snapshot = async () => ({
    organizations: await t.db.select().from(organizations).orderBy(asc(organizations.id)),
    groups: await t.db.select().from(permissionGroups).orderBy(asc(permissionGroups.id)),
    audit: (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n,
  });

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner, salesAdmin, globexOwner } = await demoAdminScopes(t.db));
    sales = await orgIdByCode(t.db, '2001');
    support = await orgIdByCode(t.db, '2002');
  });
  after(async () => {
    await t?.close();
  });

  it('shows the whole Acme tree to its owner, with accounts by status, numbers and headroom', async () => {
    const tree = await getOrganizationTree(t.db, acmeOwner);
    assert.deepEqual(
      tree.map((o) => [o.code, o.name, o.depth, o.accounts, o.numbers, o.headroom, o.permissionGroups]),
      [
        // Ada active with a number, Grace pending with one, Alan pending, Katherine expired, Linus not invited.
        [
          '2000',
          'Acme Corp',
          0,
          { notInvited: 1, pending: 2, expired: 1, active: 1 },
          // 30 numbers: 2 assigned, 3 PORTED reserved (in no headroom).
          { available: 25, assigned: 2 },
          22,
          2,
        ],
        [
          '2001',
          'Sales',
          1,
          { notInvited: 0, pending: 2, expired: 0, active: 1 },
          { available: 48, assigned: 2 },
          47,
          1,
        ],
        [
          '2002',
          'Support',
          1,
          { notInvited: 0, pending: 1, expired: 0, active: 1 },
          { available: 4, assigned: 1 },
          3,
          1,
        ],
        [
          '2003',
          'Support EMEA',
          2,
          { notInvited: 0, pending: 0, expired: 0, active: 0 },
          { available: 0, assigned: 0 },
          0,
          1,
        ],
      ],
    );
    assert.ok(
      tree.every((o) => o.canRename),
      'an owner may rename every organization, the root too',
    );
    // The same figures as the one headroom implementation.
    const headroom = await getHeadroom(
      t.db,
      tree.map((o) => o.id),
    );
    for (const o of tree) assert.equal(o.headroom, headroom.get(o.id)!.headroom);
  });

  it('shows the Sales admin only Sales, which they may not rename', async () => {
    const tree = await getOrganizationTree(t.db, salesAdmin);
    assert.deepEqual(
      tree.map((o) => [o.code, o.depth, o.isOwn, o.canRename]),
      [['2001', 0, true, false]],
    );
  });

  it('shows the Globex owner nothing of Acme', async () => {
    const tree = await getOrganizationTree(t.db, globexOwner);
    assert.deepEqual(
      tree.map((o) => o.code),
      ['3000'],
    );
  });

  it('validates the form with one schema: codes are letters, digits and dashes', () => {
    const ok = createOrganizationSchema.safeParse({ parentId: sales, name: ' West ', code: ' 2010 ' });
    assert.ok(ok.success);
    assert.deepEqual(ok.data, { parentId: sales, name: 'West', code: '2010' });
    const bad = createOrganizationSchema.safeParse({ parentId: 'x', name: '', code: '20 10' });
    assert.ok(!bad.success);
    assert.deepEqual(Object.keys(bad.error.flatten().fieldErrors).sort(), ['code', 'name', 'parentId']);
  });

  it('creates a sub-organization with its default group and counter in one transaction, and audits it', async () => {
    const before = await filterOptionsInScope(t.db, acmeOwner);
    assert.ok(!before.organizations.some((o) => o.code === '2004'));

    const created = await createOrganization(t.db, acmeOwner, META, {
      parentId: sales,
      name: 'Sales West',
      code: '2004',
    });
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, created.id));
    assert.equal(org!.parentId, sales);
    assert.equal(org!.tenantId, acmeOwner.tenantId);
    assert.equal(org!.depth, 2);
    assert.equal(org!.path, `${acmeOwner.scopePath}${sales}/${created.id}/`);
    const groups = await t.db.select().from(permissionGroups).where(eq(permissionGroups.organizationId, created.id));
    assert.deepEqual(
      groups.map((g) => [g.name, g.isDefault]),
      [['default cos for org 2004', true]],
    );
    const [counter] = await t.db.select().from(accountCounts).where(eq(accountCounts.organizationId, created.id));
    assert.equal(counter?.total, 0);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'organization.create'), eq(auditEvents.organizationId, created.id)));
    assert.ok(event, 'audit event');
    assert.equal(event.actorEmail, DEMO_ADMINS.acmeOwner);
    assert.deepEqual(event.targetIds, [created.id]);

    // The Accounts filter and Add Account see it at once (the cache of this process was invalidated).
    const afterCreate = await filterOptionsInScope(t.db, acmeOwner);
    assert.deepEqual(
      afterCreate.organizations.find((o) => o.code === '2004'),
      { id: created.id, name: 'Sales West', code: '2004', depth: 2 },
    );
    // In the tree, under Sales, with zero counts.
    const tree = await getOrganizationTree(t.db, acmeOwner);
    const i = tree.findIndex((o) => o.id === created.id);
    assert.equal(tree[i - 1]!.code, '2001');
    assert.deepEqual(tree[i]!.accounts, { notInvited: 0, pending: 0, expired: 0, active: 0 });
    assert.equal(tree[i]!.headroom, 0);
  });

  it('refuses a code used anywhere in the company (in any case) and a name used by a sibling', async () => {
    const before = await snapshot();
    // 2002 is Support's: outside the Sales admin's scope, but codes are unique in the tenant.
    await refused(
      () => createOrganization(t.db, salesAdmin, META, { parentId: sales, name: 'Elsewhere', code: '2002' }),
      'Some of the values are not valid.',
      { code: [CODE_TAKEN] },
    );
    await createOrganization(t.db, acmeOwner, META, { parentId: support, name: 'Letters', code: 'ab-1' });
    await refused(
      () => createOrganization(t.db, acmeOwner, META, { parentId: sales, name: 'Other', code: 'AB-1' }),
      'Some of the values are not valid.',
      { code: [CODE_TAKEN] },
    );
    await refused(
      () => createOrganization(t.db, acmeOwner, META, { parentId: sales, name: 'sales west', code: '2005' }),
      'Some of the values are not valid.',
      { name: [NAME_TAKEN] },
    );
    // The same name under another parent is fine.
    await createOrganization(t.db, acmeOwner, META, { parentId: support, name: 'Sales West', code: '2006' });
    const afterwards = await snapshot();
    assert.equal(afterwards.organizations.length, before.organizations.length + 2);
  });

  it('lets the Sales admin create below Sales', async () => {
    const created = await createOrganization(t.db, salesAdmin, META, {
      parentId: sales,
      name: 'Sales East',
      code: '2007',
    });
    const tree = await getOrganizationTree(t.db, salesAdmin);
    assert.deepEqual(
      tree.map((o) => [o.name, o.depth]),
      [
        ['Sales', 0],
        ['Sales East', 1],
        ['Sales West', 1],
      ],
    );
    assert.ok(tree.find((o) => o.id === created.id)!.canRename);
  });

  it('refuses, as not found, a parent in another tenant or a sibling organization, and changes nothing', async () => {
    const before = await snapshot();
    const notFound = { parentId: ['Choose the parent organization.'] };
    await refused(
      () => createOrganization(t.db, globexOwner, META, { parentId: sales, name: 'Intruder', code: '3999' }),
      'Some of the values are not valid.',
      notFound,
    );
    await refused(
      () => createOrganization(t.db, salesAdmin, META, { parentId: support, name: 'Intruder', code: '2999' }),
      'Some of the values are not valid.',
      notFound,
    );
    // A parent that does not exist at all reads exactly the same.
    await refused(
      () =>
        createOrganization(t.db, salesAdmin, META, {
          parentId: '00000000-0000-4000-8000-000000000000',
          name: 'Intruder',
          code: '2999',
        }),
      'Some of the values are not valid.',
      notFound,
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('renames an organization in scope and audits it; a sibling’s name is refused', async () => {
    const west = (await getOrganizationTree(t.db, acmeOwner)).find((o) => o.code === '2004')!;
    await renameOrganization(t.db, salesAdmin, META, { organizationId: west.id, name: 'Sales Pacific' });
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, west.id));
    assert.equal(org!.name, 'Sales Pacific');
    assert.equal(org!.code, '2004', 'the code stays');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'organization.rename'), eq(auditEvents.organizationId, west.id)));
    assert.deepEqual(event?.details, { from: 'Sales West', to: 'Sales Pacific' });
    assert.ok((await filterOptionsInScope(t.db, salesAdmin)).organizations.some((o) => o.name === 'Sales Pacific'));

    await refused(
      () => renameOrganization(t.db, salesAdmin, META, { organizationId: west.id, name: 'SALES EAST' }),
      'Some of the values are not valid.',
      { name: [NAME_TAKEN] },
    );
    // A change of case of its own name is not a clash with itself.
    await renameOrganization(t.db, salesAdmin, META, { organizationId: west.id, name: 'SALES PACIFIC' });
  });

  it('lets an owner rename the root, but not an administrator their own organization', async () => {
    await renameOrganization(t.db, acmeOwner, META, { organizationId: acmeOwner.organizationId, name: 'Acme Inc' });
    await renameOrganization(t.db, acmeOwner, META, { organizationId: acmeOwner.organizationId, name: 'Acme Corp' });
    const before = await snapshot();
    await refused(
      () => renameOrganization(t.db, salesAdmin, META, { organizationId: sales, name: 'Sold' }),
      OWN_ORGANIZATION,
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('refuses, as not found, a rename by another tenant’s owner or from a sibling organization', async () => {
    const before = await snapshot();
    await refused(
      () => renameOrganization(t.db, globexOwner, META, { organizationId: support, name: 'Hacked' }),
      ORGANIZATION_NOT_FOUND,
    );
    await refused(
      () => renameOrganization(t.db, globexOwner, META, { organizationId: acmeOwner.organizationId, name: 'Hacked' }),
      ORGANIZATION_NOT_FOUND,
    );
    await refused(
      () => renameOrganization(t.db, salesAdmin, META, { organizationId: support, name: 'Hacked' }),
      ORGANIZATION_NOT_FOUND,
    );
    await refused(
      () => renameOrganization(t.db, salesAdmin, META, { organizationId: acmeOwner.organizationId, name: 'Hacked' }),
      ORGANIZATION_NOT_FOUND,
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('shows a negative headroom when accounts without numbers outnumber the available numbers', async () => {
    const east = await orgIdByCode(t.db, '2007');
    const [group] = await t.db
      .select({ id: permissionGroups.id })
      .from(permissionGroups)
      .where(eq(permissionGroups.organizationId, east));
    // Written directly: the app itself refuses to add an account without headroom.
    await t.db.insert(accounts).values([
      {
        organizationId: east,
        permissionGroupId: group!.id,
        firstName: 'No',
        lastName: 'Number',
        email: 'nn1@acme.test',
      },
      {
        organizationId: east,
        permissionGroupId: group!.id,
        firstName: 'No',
        lastName: 'Number',
        email: 'nn2@acme.test',
      },
    ]);
    const row = (await getOrganizationTree(t.db, salesAdmin)).find((o) => o.id === east)!;
    assert.deepEqual(row.accounts, { notInvited: 2, pending: 0, expired: 0, active: 0 });
    assert.equal(row.headroom, -2);
    const [counter] = await t.db.select().from(accountCounts).where(eq(accountCounts.organizationId, east));
    assert.equal(counter?.total, 2, 'the counter row made at creation is kept up by the triggers');
  });
});
