import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { administrators } from '@/db/schema';
import { loadAdminScope } from '@/lib/auth/scope';
import { createTestDatabase, orgIdByCode, seedDemo, type TestDatabase } from '@/tests/helpers/test-db';

describe('loadAdminScope', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  after(async () => {
    await t.close();
  });

  it('reads role, organization and the subtree path of an active administrator', async () => {
    const sales = await loadAdminScope(t.db, { email: 'Sales.Admin@acme.test' });
    assert.ok(sales);
    assert.equal(sales.role, 'admin');
    assert.equal(sales.organizationName, 'Sales');
    assert.equal(sales.organizationId, await orgIdByCode(t.db, '2001'));
    assert.equal(sales.tenantId, await orgIdByCode(t.db, '2000'));
    assert.match(sales.scopePath, new RegExp(`^/${sales.tenantId}/${sales.organizationId}/$`));
    assert.deepEqual(await loadAdminScope(t.db, { id: sales.id }), sales);
  });

  it('answers null for an unknown or a not yet active administrator, so their session opens nothing', async () => {
    assert.equal(await loadAdminScope(t.db, { email: 'nobody@acme.test' }), null);
    assert.equal(await loadAdminScope(t.db, { id: crypto.randomUUID() }), null);
    const owner = await loadAdminScope(t.db, { email: 'owner@globex.test' });
    await t.db.update(administrators).set({ status: 'invited' }).where(eq(administrators.id, owner!.id));
    assert.equal(await loadAdminScope(t.db, { id: owner!.id }), null);
  });
});
