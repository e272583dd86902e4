import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import { accounts, organizations } from '@/db/schema';
import { resolveAccountSelection } from '@/lib/accounts/account-selection';
import { MAX_MATCHING, accountSelectionSchema } from '@/lib/accounts/account-selection-schema';
import { parseAccountsQuery } from '@/lib/accounts/accounts-query';
import { getAccountsPage } from '@/lib/accounts/get-accounts-page';
import type { AdminScope } from '@/lib/auth/scope';
import { DEMO_ADMINS, type TestDatabase, adminScope, createTestDatabase, refusal, seedDemo } from '../helpers/test-db';

describe('account selections', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;

  const emailsOf = async (ids: string[]) =>
    (await t.db.select({ email: accounts.email }).from(accounts).where(inArray(accounts.id, ids)))
      .map((r) => r.email ?? '')
      .sort();

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    acmeOwner = await adminScope(t.db, DEMO_ADMINS.acmeOwner);
    salesAdmin = await adminScope(t.db, DEMO_ADMINS.salesAdmin);
    globexOwner = await adminScope(t.db, DEMO_ADMINS.globexOwner);
  });
  after(async () => {
    await t?.close();
  });

  it('parses picked ids (deduplicated) or filters with the count the page showed', () => {
    const id = '0195e6c2-0000-7000-8000-000000000001';
    assert.deepEqual(accountSelectionSchema.parse({ ids: [id, id] }), { ids: [id] });
    const matching = accountSelectionSchema.parse({ matching: { q: 'ada', status: 'active' }, expected: 3 });
    assert.deepEqual(matching, { matching: { q: 'ada', status: 'active' }, expected: 3 });
  });

  it('refuses a filter it cannot read instead of dropping it (which would widen the selection)', () => {
    for (const bad of [
      { matching: { status: 'everything' }, expected: 1 },
      { matching: { org: 'not-a-uuid' }, expected: 1 },
      { matching: { tag: 'lower' }, expected: 1 },
      { matching: { unknown: 'x' }, expected: 1 },
      { matching: {}, expected: MAX_MATCHING + 1 },
      { matching: {}, expected: 0 },
      { ids: [] },
    ])
      assert.equal(accountSelectionSchema.safeParse(bad).success, false, JSON.stringify(bad));
  });

  it('resolves all matching accounts in scope only', async () => {
    const all = await resolveAccountSelection(t.db, acmeOwner, { matching: {}, expected: 1000 });
    assert.ok(all.length > 0);
    const tenants = await t.db
      .selectDistinct({ tenantId: organizations.tenantId })
      .from(accounts)
      .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
      .where(inArray(accounts.id, all));
    assert.deepEqual(tenants, [{ tenantId: acmeOwner.tenantId }], 'no Globex account reaches Acme');

    const sales = await resolveAccountSelection(t.db, salesAdmin, { matching: {}, expected: 1000 });
    assert.ok(sales.length > 0 && sales.length < all.length, 'the Sales admin gets their subtree only');
    assert.ok(sales.every((id) => all.includes(id)));

    const globexSeesNoAcme = await resolveAccountSelection(t.db, globexOwner, {
      matching: { q: 'ada' },
      expected: 1000,
    });
    assert.deepEqual(await emailsOf(globexSeesNoAcme), []);
  });

  it('applies the search and status filters as the table does', async () => {
    const ada = await resolveAccountSelection(t.db, acmeOwner, { matching: { q: 'ada lovelace' }, expected: 5 });
    assert.deepEqual(await emailsOf(ada), ['ada.lovelace@acme.test']);
    const active = await resolveAccountSelection(t.db, acmeOwner, { matching: { status: 'active' }, expected: 1000 });
    const statuses = await t.db.select({ status: accounts.status }).from(accounts).where(inArray(accounts.id, active));
    assert.ok(statuses.length > 0 && statuses.every((s) => s.status === 'active'));
  });

  it('applies the delivery filter, as the table counts it', async () => {
    const page = await getAccountsPage(t.db, acmeOwner, parseAccountsQuery({ delivery: 'delivered', size: '100' }));
    assert.ok(page.total > 0, 'the demo data has delivered invitations');
    const delivered = await resolveAccountSelection(t.db, acmeOwner, {
      matching: { delivery: 'delivered' },
      expected: page.total,
    });
    assert.deepEqual([...delivered].sort(), page.rows.map((r) => r.id).sort());
  });

  it('refuses when more accounts match than the administrator saw, and accepts fewer', async () => {
    const all = await resolveAccountSelection(t.db, acmeOwner, { matching: {}, expected: 1000 });
    const error = await refusal(resolveAccountSelection(t.db, acmeOwner, { matching: {}, expected: all.length - 1 }));
    assert.match(error.message, /More accounts match these filters than when you selected them/);
    const same = await resolveAccountSelection(t.db, acmeOwner, { matching: {}, expected: all.length });
    assert.equal(same.length, all.length);
  });
});
