import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import { accounts, phoneNumbers } from '@/db/schema';
import { type AccountsQuery, ACCOUNT_SORTS, parseAccountsQuery } from '@/lib/accounts/accounts-query';
import { getAccountsPage, selectAccountRows } from '@/lib/accounts/get-accounts-page';
import type { AdminScope } from '@/lib/auth/scope';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
} from '../helpers/test-db';

const ACME_NAMES = ['Ada', 'Alan', 'Barbara', 'Dennis', 'Frances', 'Grace', 'Katherine', 'Linus', 'Margaret', 'Steve'];
const SALES_NAMES = ['Barbara', 'Margaret', 'Steve'];
const GLOBEX_NAMES = ['Hank', 'Homer', 'Lenny'];

const q = (params: Record<string, string> = {}): AccountsQuery => parseAccountsQuery({ size: '100', ...params });

describe('getAccountsPage', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;

  const names = async (admin: AdminScope, params: Record<string, string> = {}) => {
    const page = await getAccountsPage(t.db, admin, q(params));
    assert.equal(page.total, page.rows.length, 'everything fits on one page here');
    return page.rows.map((r) => r.firstName);
  };
  const sortedNames = async (admin: AdminScope, params: Record<string, string> = {}) =>
    (await names(admin, params)).sort();

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner, salesAdmin, globexOwner } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
  });
  after(async () => {
    await t?.close();
  });

  describe('scope', () => {
    it('shows the Sales admin only the accounts of Sales', async () => {
      const page = await getAccountsPage(t.db, salesAdmin, q());
      assert.deepEqual(page.rows.map((r) => r.firstName).sort(), SALES_NAMES);
      assert.ok(page.rows.every((r) => r.organizationCode === '2001'));
      assert.equal(page.total, 3);
    });

    it('shows the Acme owner every Acme account and none of Globex', async () => {
      const page = await getAccountsPage(t.db, acmeOwner, q());
      assert.deepEqual(page.rows.map((r) => r.firstName).sort(), ACME_NAMES);
      assert.ok(page.rows.every((r) => ['2000', '2001', '2002', '2003'].includes(r.organizationCode)));
      assert.equal(page.total, 10);
    });

    it('shows the Globex owner only Globex', async () => {
      assert.deepEqual(await sortedNames(globexOwner), GLOBEX_NAMES);
    });

    it('finds nothing when the org filter names an organization outside the scope', async () => {
      assert.deepEqual(await names(salesAdmin, { org: org['2000']! }), []);
      assert.deepEqual(await names(salesAdmin, { org: org['2002']! }), []);
      assert.deepEqual(await names(acmeOwner, { org: org['3000']! }), []);
      assert.deepEqual(await names(globexOwner, { org: org['2001']! }), []);
      assert.deepEqual(await names(acmeOwner, { org: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f' }), []);
      const empty = await getAccountsPage(t.db, salesAdmin, q({ org: org['2000']! }));
      assert.equal(empty.total, 0);
      assert.equal(empty.pageCount, 1);
    });

    it('filters by an organization in scope, with its whole subtree', async () => {
      assert.deepEqual(await sortedNames(salesAdmin, { org: org['2001']! }), SALES_NAMES);
      assert.deepEqual(await sortedNames(acmeOwner, { org: org['2001']! }), SALES_NAMES);
      const [emea] = await t.db
        .insert(accounts)
        .values({
          organizationId: org['2003']!,
          permissionGroupId: group['2003']!,
          firstName: 'Emil',
          lastName: 'Emea',
          email: 'emil@acme.test',
        })
        .returning();
      try {
        assert.deepEqual(await sortedNames(acmeOwner, { org: org['2002']! }), ['Dennis', 'Emil', 'Frances']);
        assert.deepEqual(await sortedNames(acmeOwner, { org: org['2003']! }), ['Emil']);
        assert.deepEqual(await names(salesAdmin, { q: 'emil' }), []);
      } finally {
        await t.db.delete(accounts).where(eq(accounts.id, emea!.id));
      }
    });
  });

  describe('search', () => {
    it('finds by name', async () => {
      assert.deepEqual(await names(acmeOwner, { q: 'hopper' }), ['Grace']);
      assert.deepEqual(await names(acmeOwner, { q: 'Grace Hopper' }), ['Grace']);
      assert.deepEqual(await names(acmeOwner, { q: 'LOVELACE' }), ['Ada']);
    });

    it('finds by an email fragment', async () => {
      assert.deepEqual(await names(acmeOwner, { q: 'liskov@acme' }), ['Barbara']);
      assert.deepEqual(await names(salesAdmin, { q: 'wozniak@' }), ['Steve']);
      assert.deepEqual(await sortedNames(globexOwner, { q: '@globex.test' }), ['Hank', 'Homer']);
    });

    it('finds by device number', async () => {
      assert.deepEqual(await names(acmeOwner, { q: '+14155559002' }), ['Margaret']);
      assert.deepEqual(await names(globexOwner, { q: '+13125559002' }), ['Lenny']);
    });

    it('finds by the digits of the assigned number, however they are written', async () => {
      assert.deepEqual(await names(acmeOwner, { q: '5550300' }), ['Dennis']);
      assert.deepEqual(await names(acmeOwner, { q: '(212) 555-0101' }), ['Grace']);
      assert.deepEqual(await names(acmeOwner, { q: '+12125550201' }), ['Steve']);
    });

    it('stays within the scope', async () => {
      assert.deepEqual(await names(globexOwner, { q: 'lovelace' }), []);
      assert.deepEqual(await names(globexOwner, { q: '2125550100' }), []);
      assert.deepEqual(await names(salesAdmin, { q: 'ritchie' }), []);
    });

    it('treats LIKE wildcards as plain characters', async () => {
      assert.deepEqual(await names(acmeOwner, { q: '%' }), []);
      assert.deepEqual(await names(acmeOwner, { q: '_' }), []);
      assert.deepEqual(await names(acmeOwner, { q: 'a%e' }), []);
    });
  });

  describe('filters', () => {
    it('filters by status, matching what each row shows', async () => {
      const expected = {
        not_invited: ['Linus'],
        pending: ['Alan', 'Barbara', 'Frances', 'Grace', 'Margaret'],
        active: ['Ada', 'Dennis', 'Steve'],
        expired: ['Katherine'],
      } as const;
      for (const [status, want] of Object.entries(expected)) {
        const page = await getAccountsPage(t.db, acmeOwner, q({ status }));
        assert.deepEqual(page.rows.map((r) => r.firstName).sort(), [...want], status);
        assert.ok(
          page.rows.every((r) => r.status === status),
          status,
        );
        assert.equal(page.total, want.length, status);
      }
      assert.deepEqual(await sortedNames(salesAdmin, { status: 'pending' }), ['Barbara', 'Margaret']);
      assert.deepEqual(await sortedNames(globexOwner, { status: 'not_invited' }), ['Lenny']);
    });

    it('shows delivery state for pending accounts and the masked personal phone for active ones', async () => {
      const rows = (await getAccountsPage(t.db, acmeOwner, q())).rows;
      const ada = rows.find((r) => r.firstName === 'Ada')!;
      assert.equal(ada.personalPhoneMasked, '•••• 9001');
      assert.equal(ada.deliveryState, null);
      assert.equal(ada.number, '+12125550100');
      const grace = rows.find((r) => r.firstName === 'Grace')!;
      assert.equal(grace.deliveryState, 'delivered');
      assert.equal(grace.personalPhoneMasked, null);
      assert.equal(grace.permissionGroup, 'default cos for org 2000');
      const linus = rows.find((r) => r.firstName === 'Linus')!;
      assert.equal(linus.deliveryState, null);
      assert.equal(linus.invitedAt, null);
    });

    it('filters by number tag', async () => {
      assert.deepEqual(await names(acmeOwner, { tag: 'PORTED' }), [], 'no seeded account has a PORTED number');
      const [alan] = await t.db.select().from(accounts).where(eq(accounts.email, 'alan.turing@acme.test'));
      await t.db.update(phoneNumbers).set({ accountId: alan!.id }).where(eq(phoneNumbers.e164, '+12125550127'));
      try {
        const page = await getAccountsPage(t.db, acmeOwner, q({ tag: 'PORTED' }));
        assert.deepEqual(
          page.rows.map((r) => [r.firstName, r.number, r.numberTag]),
          [['Alan', '+12125550127', 'PORTED']],
        );
        assert.equal(page.total, 1);
        assert.deepEqual(await names(salesAdmin, { tag: 'PORTED' }), []);
        assert.deepEqual(await names(globexOwner, { tag: 'PORTED' }), []);
        assert.deepEqual(await names(acmeOwner, { tag: 'TOLLFREE' }), []);
        assert.deepEqual(await names(acmeOwner, { tag: 'PORTED', status: 'pending' }), ['Alan']);
        assert.deepEqual(await names(acmeOwner, { tag: 'PORTED', status: 'active' }), []);
      } finally {
        await t.db.update(phoneNumbers).set({ accountId: null }).where(eq(phoneNumbers.e164, '+12125550127'));
      }
    });

    it('combines search, status and organization', async () => {
      assert.deepEqual(await names(acmeOwner, { q: 'acme.test', status: 'active', org: org['2001']! }), ['Steve']);
    });
  });

  describe('sort', () => {
    it('sorts by name, ascending and descending', async () => {
      assert.deepEqual(await names(acmeOwner, { sort: 'name', dir: 'asc' }), ACME_NAMES);
      assert.deepEqual(await names(acmeOwner, { sort: 'name', dir: 'desc' }), [...ACME_NAMES].reverse());
    });

    it('sorts by invitation time, never-invited accounts last either way', async () => {
      for (const dir of ['asc', 'desc'] as const) {
        const rows = (await getAccountsPage(t.db, acmeOwner, q({ sort: 'invited', dir }))).rows;
        assert.equal(rows.length, 10);
        assert.equal(rows.at(-1)!.firstName, 'Linus', dir);
        const times = rows.slice(0, -1).map((r) => r.invitedAt!.getTime());
        const sorted = [...times].sort((a, b) => (dir === 'asc' ? a - b : b - a));
        assert.deepEqual(times, sorted, dir);
        assert.equal(rows[dir === 'asc' ? 0 : 8]!.firstName, 'Katherine', 'the expired invitation is the oldest');
      }
    });

    it('sorts by every other key without error', async () => {
      for (const sort of ACCOUNT_SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          const page = await getAccountsPage(t.db, acmeOwner, q({ sort, dir }));
          assert.equal(page.total, 10, `${sort} ${dir}`);
          assert.deepEqual(page.rows.map((r) => r.firstName).sort(), ACME_NAMES, `${sort} ${dir}`);
        }
      }
    });

    it('sorts by email / device #, by number and by organization', async () => {
      assert.deepEqual(await names(acmeOwner, { sort: 'email' }), [
        'Margaret', // +14155559002, a device number
        'Ada',
        'Alan',
        'Barbara',
        'Dennis',
        'Frances',
        'Grace',
        'Katherine',
        'Linus',
        'Steve',
      ]);
      const byNumber = (await getAccountsPage(t.db, acmeOwner, q({ sort: 'number', dir: 'desc' }))).rows;
      assert.deepEqual(
        byNumber.map((r) => r.number),
        ['+12125550300', '+12125550201', '+12125550200', '+12125550101', '+12125550100', null, null, null, null, null],
      );
      const byOrg = (await getAccountsPage(t.db, acmeOwner, q({ sort: 'organization' }))).rows.map(
        (r) => r.organizationName,
      );
      assert.deepEqual(byOrg, [...byOrg].sort());
      assert.equal(byOrg[0], 'Acme Corp');
      assert.equal(byOrg.at(-1), 'Support');
    });

    it('sorts by status: Not invited, Pending, Expired, Active', async () => {
      const rank = { not_invited: 0, pending: 1, expired: 2, active: 3, suspended: 4 };
      const statuses = (await getAccountsPage(t.db, acmeOwner, q({ sort: 'status' }))).rows.map((r) => rank[r.status]);
      assert.deepEqual(
        statuses,
        [...statuses].sort((a, b) => a - b),
      );
      const desc = (await getAccountsPage(t.db, acmeOwner, q({ sort: 'status', dir: 'desc' }))).rows.map(
        (r) => rank[r.status],
      );
      assert.deepEqual(
        desc,
        [...desc].sort((a, b) => b - a),
      );
    });
  });

  describe('pagination', () => {
    const EXTRA = 60;
    before(async () => {
      await t.db.insert(accounts).values(
        Array.from({ length: EXTRA }, (_, i) => ({
          organizationId: org['2003']!,
          permissionGroupId: group['2003']!,
          firstName: 'Bulk',
          lastName: `User ${String(i).padStart(2, '0')}`,
          email: `bulk.${i}@acme.test`,
        })),
      );
    });

    it('splits the results into pages with totals and a page count', async () => {
      const filter = { org: org['2003']! };
      const pages = [];
      for (const page of [1, 2, 3]) {
        pages.push(
          await getAccountsPage(t.db, acmeOwner, parseAccountsQuery({ ...filter, size: '25', page: String(page) })),
        );
      }
      assert.deepEqual(
        pages.map((p) => p.rows.length),
        [25, 25, 10],
      );
      for (const [i, p] of pages.entries()) {
        assert.equal(p.total, EXTRA);
        assert.equal(p.pageCount, 3);
        assert.equal(p.page, i + 1);
        assert.equal(p.size, 25);
      }
      const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
      assert.equal(new Set(ids).size, EXTRA, 'no account on two pages, none missing');
      const lastNames = pages.flatMap((p) => p.rows.map((r) => r.lastName));
      assert.deepEqual(
        lastNames,
        Array.from({ length: EXTRA }, (_, i) => `User ${String(i).padStart(2, '0')}`),
      );

      const beyond = await getAccountsPage(t.db, acmeOwner, parseAccountsQuery({ ...filter, size: '25', page: '4' }));
      assert.deepEqual(beyond.rows, []);
      assert.equal(beyond.total, EXTRA);
      assert.equal(beyond.pageCount, 3);
    });

    it('counts the whole scope across pages', async () => {
      const first = await getAccountsPage(t.db, acmeOwner, parseAccountsQuery({ size: '50' }));
      const second = await getAccountsPage(t.db, acmeOwner, parseAccountsQuery({ size: '50', page: '2' }));
      assert.equal(first.total, 10 + EXTRA);
      assert.equal(first.pageCount, 2);
      assert.equal(first.rows.length, 50);
      assert.equal(second.rows.length, 20);
      const overlap = first.rows.filter((r) => second.rows.some((s) => s.id === r.id));
      assert.deepEqual(overlap, []);
      // Pages in descending order are the same accounts, reversed.
      const all = await getAccountsPage(t.db, acmeOwner, parseAccountsQuery({ size: '100' }));
      const allDesc = await getAccountsPage(t.db, acmeOwner, parseAccountsQuery({ size: '100', dir: 'desc' }));
      assert.deepEqual(
        allDesc.rows.map((r) => r.id),
        all.rows.map((r) => r.id).reverse(),
      );
      assert.deepEqual(
        [...first.rows, ...second.rows].map((r) => r.id),
        all.rows.map((r) => r.id),
      );
    });

    it('keeps the other scopes unchanged', async () => {
      assert.equal((await getAccountsPage(t.db, salesAdmin, q())).total, 3);
      assert.equal((await getAccountsPage(t.db, globexOwner, q())).total, 3);
      assert.equal((await getAccountsPage(t.db, acmeOwner, q({ q: 'bulk', status: 'not_invited' }))).total, EXTRA);
    });
  });

  describe('selectAccountRows', () => {
    it('returns a window of the sorted, scoped rows', async () => {
      const query = parseAccountsQuery({ sort: 'name' });
      const all = await selectAccountRows(t.db, acmeOwner, query, { limit: 1000, offset: 0 });
      assert.equal(all.length, 70);
      const window = await selectAccountRows(t.db, acmeOwner, query, { limit: 7, offset: 12 });
      assert.deepEqual(
        window.map((r) => r.id),
        all.slice(12, 19).map((r) => r.id),
      );
      const sales = await selectAccountRows(t.db, salesAdmin, query, { limit: 1000, offset: 0 });
      assert.deepEqual(
        sales.map((r) => r.firstName),
        SALES_NAMES,
      );
    });

    it('applies the filters as getAccountsPage does', async () => {
      const rows = await selectAccountRows(t.db, globexOwner, parseAccountsQuery({ status: 'active' }), {
        limit: 10,
        offset: 0,
      });
      assert.deepEqual(
        rows.map((r) => [r.firstName, r.organizationName, r.status, r.number]),
        [['Hank', 'Globex', 'active', '+13125550100']],
      );
      const ids = (await selectAccountRows(t.db, acmeOwner, parseAccountsQuery({}), { limit: 1000, offset: 0 })).map(
        (r) => r.id,
      );
      const globexIds = await t.db
        .select({ id: accounts.id })
        .from(accounts)
        .where(inArray(accounts.organizationId, [org['3000']!]));
      assert.ok(globexIds.every((g) => !ids.includes(g.id)));
    });
  });
});
