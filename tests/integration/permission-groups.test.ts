import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, sql } from 'drizzle-orm';
import { accounts, auditEvents, importBatches, permissionGroups } from '@/db/schema';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { createPermissionGroup } from '@/lib/permission-groups/create-permission-group';
import {
  defaultGroupMessage,
  deletePermissionGroup,
  groupInUseMessage,
  groupReferencedMessage,
} from '@/lib/permission-groups/delete-permission-group';
import { GROUP_NAME_TAKEN, GROUP_NOT_FOUND } from '@/lib/permission-groups/find-permission-group';
import { listPermissionGroups } from '@/lib/permission-groups/list-permission-groups';
import { renamePermissionGroup } from '@/lib/permission-groups/rename-permission-group';
import { setDefaultPermissionGroup } from '@/lib/permission-groups/set-default-permission-group';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  orgIdByCode,
  refused,
  seedDemo,
} from '../helpers/test-db';

const META: RequestMeta = { ipAddress: '203.0.113.9', userAgent: 'node-test' };

describe('User Permissions groups', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;
  let sales: string;
  let support: string;

  const groupsOf = async (organizationId: string) =>
    (
      await t.db
        .select({ name: permissionGroups.name, isDefault: permissionGroups.isDefault })
        .from(permissionGroups)
        .where(eq(permissionGroups.organizationId, organizationId))
        .orderBy(sql`lower(${permissionGroups.name})`)
    ).map((g) => [g.name, g.isDefault]);
  const groupId = async (organizationId: string, name: string) => {
    const [g] = await t.db
      .select({ id: permissionGroups.id })
      .from(permissionGroups)
      .where(and(eq(permissionGroups.organizationId, organizationId), eq(permissionGroups.name, name)));
    assert.ok(g, name);
    return g.id;
  };
  const snapshot = async () => ({
    groups: await t.db.select().from(permissionGroups).orderBy(asc(permissionGroups.id)),
    accounts: await t.db
      .select({ id: accounts.id, group: accounts.permissionGroupId })
      .from(accounts)
      .orderBy(asc(accounts.id)),
    audit: (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n,
  });
  const lastAudit = async (action: string) =>
    (
      await t.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, action))
        .orderBy(sql`${auditEvents.id} desc`)
        .limit(1)
    )[0];

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

  it('lists an organization’s groups in scope with their accounts, the default first', async () => {
    const acme = await listPermissionGroups(t.db, acmeOwner, acmeOwner.organizationId);
    assert.deepEqual(
      acme?.groups.map((g) => [g.name, g.isDefault, g.accounts]),
      [
        ['default cos for org 2000', true, 5],
        ['Executives', false, 0],
      ],
    );
    assert.equal(await listPermissionGroups(t.db, salesAdmin, support), null);
    assert.equal(await listPermissionGroups(t.db, globexOwner, sales), null);
  });

  it('creates a group (not the default), audited; a name the organization has, in any case, is refused', async () => {
    const created = await createPermissionGroup(t.db, salesAdmin, META, { organizationId: sales, name: 'Field Sales' });
    assert.deepEqual(await groupsOf(sales), [
      ['default cos for org 2001', true],
      ['Field Sales', false],
    ]);
    const event = await lastAudit('permission_group.create');
    assert.deepEqual(event?.targetIds, [created.id]);
    assert.equal(event?.organizationId, sales);
    await refused(
      () => createPermissionGroup(t.db, salesAdmin, META, { organizationId: sales, name: 'field sales' }),
      'Some of the values are not valid.',
      { name: [GROUP_NAME_TAKEN] },
    );
    // Another organization may have a group of the same name.
    await createPermissionGroup(t.db, acmeOwner, META, { organizationId: support, name: 'Field Sales' });
  });

  it('renames a group, audited; a sibling group’s name is refused', async () => {
    const id = await groupId(sales, 'Field Sales');
    await renamePermissionGroup(t.db, salesAdmin, META, { groupId: id, name: 'Road Warriors' });
    assert.deepEqual(await groupsOf(sales), [
      ['default cos for org 2001', true],
      ['Road Warriors', false],
    ]);
    assert.deepEqual((await lastAudit('permission_group.rename'))?.details, {
      from: 'Field Sales',
      to: 'Road Warriors',
    });
    await refused(
      () => renamePermissionGroup(t.db, salesAdmin, META, { groupId: id, name: 'Default COS for org 2001' }),
      'Some of the values are not valid.',
      { name: [GROUP_NAME_TAKEN] },
    );
    await renamePermissionGroup(t.db, salesAdmin, META, { groupId: id, name: 'ROAD WARRIORS' });
    await renamePermissionGroup(t.db, salesAdmin, META, { groupId: id, name: 'Road Warriors' });
  });

  it('sets the default in one step: the old default is unset, accounts keep their groups', async () => {
    const before = await snapshot();
    const id = await groupId(sales, 'Road Warriors');
    const result = await setDefaultPermissionGroup(t.db, salesAdmin, META, id);
    assert.equal(result.changed, true);
    assert.deepEqual(await groupsOf(sales), [
      ['default cos for org 2001', false],
      ['Road Warriors', true],
    ]);
    assert.deepEqual((await snapshot()).accounts, before.accounts);
    const event = await lastAudit('permission_group.set_default');
    assert.deepEqual(event?.targetIds, [id]);
    assert.equal((await setDefaultPermissionGroup(t.db, salesAdmin, META, id)).changed, false);
    // Concurrent changes of one organization's default queue up; exactly one default remains.
    const old = await groupId(sales, 'default cos for org 2001');
    await Promise.all([
      setDefaultPermissionGroup(t.db, salesAdmin, META, old),
      setDefaultPermissionGroup(t.db, acmeOwner, META, id),
    ]);
    const defaults = (await groupsOf(sales)).filter(([, isDefault]) => isDefault);
    assert.equal(defaults.length, 1);
  });

  it('deletes only a group that is not the default and that no account uses, with a clear message otherwise', async () => {
    const road = await groupId(sales, 'Road Warriors');
    const cos = await groupId(sales, 'default cos for org 2001');
    await setDefaultPermissionGroup(t.db, salesAdmin, META, cos);
    await refused(
      () => deletePermissionGroup(t.db, salesAdmin, META, cos),
      defaultGroupMessage('default cos for org 2001'),
    );
    assert.match(defaultGroupMessage('x'), /default group\. Set another group as the default first\.$/);

    await t.db.update(accounts).set({ permissionGroupId: road }).where(eq(accounts.email, 'steve.wozniak@acme.test'));
    await refused(() => deletePermissionGroup(t.db, salesAdmin, META, road), groupInUseMessage('Road Warriors', 1));
    assert.equal(
      groupInUseMessage('Road Warriors', 1),
      'Unable to delete “Road Warriors”: 1 account uses it. A group in use cannot be deleted.',
    );
    assert.deepEqual(await groupsOf(sales), [
      ['default cos for org 2001', true],
      ['Road Warriors', false],
    ]);

    await t.db.update(accounts).set({ permissionGroupId: cos }).where(eq(accounts.email, 'steve.wozniak@acme.test'));
    await deletePermissionGroup(t.db, salesAdmin, META, road);
    assert.deepEqual(await groupsOf(sales), [['default cos for org 2001', true]]);
    assert.deepEqual((await lastAudit('permission_group.delete'))?.details, { name: 'Road Warriors' });
  });

  it('refuses to delete a group an import still names, with a message rather than a database error', async () => {
    const staged = await createPermissionGroup(t.db, salesAdmin, META, { organizationId: sales, name: 'Imported' });
    await t.db.insert(importBatches).values({ organizationId: sales, permissionGroupId: staged.id, fileName: 'a.csv' });
    await refused(() => deletePermissionGroup(t.db, salesAdmin, META, staged.id), groupReferencedMessage('Imported'));
    assert.ok((await groupsOf(sales)).some(([name]) => name === 'Imported'));
  });

  it('finds nothing of another tenant or a sibling organization, and changes nothing', async () => {
    const supportDefault = await groupId(support, 'default cos for org 2002');
    const supportOther = await groupId(support, 'Field Sales');
    const executives = await groupId(acmeOwner.organizationId, 'Executives');
    const before = await snapshot();
    for (const admin of [globexOwner, salesAdmin]) {
      for (const id of [supportDefault, supportOther, executives]) {
        await refused(() => renamePermissionGroup(t.db, admin, META, { groupId: id, name: 'Hacked' }), GROUP_NOT_FOUND);
        await refused(() => setDefaultPermissionGroup(t.db, admin, META, id), GROUP_NOT_FOUND);
        await refused(() => deletePermissionGroup(t.db, admin, META, id), GROUP_NOT_FOUND);
      }
      await refused(
        () => createPermissionGroup(t.db, admin, META, { organizationId: support, name: 'Hacked' }),
        'The organization was not found.',
      );
    }
    // An id that does not exist reads exactly the same.
    await refused(
      () => deletePermissionGroup(t.db, salesAdmin, META, '00000000-0000-4000-8000-000000000000'),
      GROUP_NOT_FOUND,
    );
    assert.deepEqual(await snapshot(), before);
  });
});
