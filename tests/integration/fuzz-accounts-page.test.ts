import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAccountsQuery } from '@/lib/accounts/accounts-query';
import { getAccountsPage } from '@/lib/accounts/get-accounts-page';
import type { AdminScope } from '@/lib/auth/scope';
import { accountsSearchParams, assertValidAccountsQuery, checkAsyncProperty, FuzzTally } from '../helpers/fuzz';
import {
  createTestDatabase,
  DEMO_ORGANIZATION_CODES,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
  type TestDatabase,
} from '../helpers/test-db';

/*
 * Fuzzing the Accounts page's query with generated URLs, against a real database (PGlite, or the
 * server of DATABASE_URL): whatever the searchParams, the parsed view runs (no error escapes
 * getAccountsPage) and answers a page within the administrator's scope.
 */

const tally = new FuzzTally('accounts page queries');

describe('fuzz: the Accounts page answers any URL', () => {
  let t: TestDatabase;
  let scopes: { admin: AdminScope; codes: string[] }[];
  let orgIds: string[];

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    const { acmeOwner, salesAdmin, globexOwner } = await demoAdminScopes(t.db);
    scopes = [
      { admin: acmeOwner, codes: ['2000', '2001', '2002', '2003'] },
      { admin: salesAdmin, codes: ['2001'] },
      { admin: globexOwner, codes: ['3000'] },
    ];
    orgIds = Object.values((await demoOrganizations(t.db, DEMO_ORGANIZATION_CODES)).org);
  });
  after(async () => {
    await t?.close();
    tally.report();
  });

  it('generated searchParams: getAccountsPage never fails, and stays in scope', async () => {
    // Half of the views name a demo organization (in or out of the administrator's scope) and a small page.
    const params = fc.tuple(
      accountsSearchParams,
      fc.option(fc.constantFrom(...orgIds.map((id) => ({ org: id }))), { nil: undefined }),
      fc.option(fc.constantFrom({ page: '1' }, { page: '2' }, { size: '25' }), { nil: undefined }),
    );
    await checkAsyncProperty(
      tally,
      'pages',
      fc.asyncProperty(params, fc.nat(scopes.length - 1), async ([generated, org, window], scopeIndex) => {
        const query = parseAccountsQuery({ ...generated, ...org, ...window });
        assertValidAccountsQuery(query);
        const { admin, codes } = scopes[scopeIndex]!;
        const page = await getAccountsPage(t.db, admin, query);
        assert.ok(Number.isInteger(page.total) && page.total >= 0, `total ${page.total}`);
        assert.ok(page.rows.length <= query.size);
        assert.equal(page.page, query.page);
        assert.equal(page.size, query.size);
        assert.equal(page.pageCount, Math.max(1, Math.ceil(page.total / query.size)));
        // The count and the rows agree: a full page, the rest on the last one, none past it.
        const expected = Math.max(0, Math.min(query.size, page.total - (query.page - 1) * query.size));
        assert.equal(page.rows.length, expected, `rows on page ${query.page} of ${page.total} by ${query.size}`);
        assert.equal(new Set(page.rows.map((r) => r.id)).size, page.rows.length, 'no account twice');
        for (const row of page.rows) assert.ok(codes.includes(row.organizationCode), `row of ${row.organizationCode}`);
      }),
      400,
    );
  });
});
