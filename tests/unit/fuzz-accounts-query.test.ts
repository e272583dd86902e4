import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ACCOUNT_SORTS,
  ACCOUNT_STATUSES,
  type AccountsQuery,
  accountsQueryString,
  PAGE_SIZES,
} from '@/lib/accounts/accounts-query';
import { parseAccountsQuery } from '@/lib/accounts/accounts-query';
import { accountsSearchParams, anyText, assertValidAccountsQuery, checkProperty, FuzzTally } from '../helpers/fuzz';

/*
 * Fuzzing the Accounts page's URL (lib/accounts/accounts-query.ts on lib/url-query.ts): whatever the
 * searchParams, parseAccountsQuery answers a valid view (each value in its allowed set or range, a bad one
 * replaced by its default) and never throws; the URL it writes for a view reads back as that view.
 * tests/integration/fuzz-accounts-page.test.ts runs such views against a database.
 */

const tally = new FuzzTally('accounts url parameters');
after(() => tally.report());

describe('fuzz: parseAccountsQuery always answers a valid view', () => {
  it('arbitrary records of string / string[] / undefined, and targeted junk', () => {
    checkProperty(
      tally,
      'search params',
      fc.property(accountsSearchParams, (params) => {
        assertValidAccountsQuery(parseAccountsQuery(params));
      }),
      6000,
    );
  });

  it('values that are not strings at all (a caller passing anything)', () => {
    const anyParams = fc.dictionary(
      fc.constantFrom('q', 'org', 'status', 'tag', 'sort', 'dir', 'page', 'size', 'x'),
      fc.anything(),
    );
    checkProperty(
      tally,
      'any values',
      fc.property(anyParams, (params) => {
        assertValidAccountsQuery(parseAccountsQuery(params as Record<string, string>));
      }),
      1000,
    );
  });

  it('the URL written for a view reads back as the same view', () => {
    checkProperty(
      tally,
      'round trip',
      fc.property(accountsSearchParams, (params) => {
        const query = parseAccountsQuery(params);
        const qs = accountsQueryString(query);
        assert.ok(qs === '' || qs.startsWith('?'));
        const again = parseAccountsQuery(Object.fromEntries(new URLSearchParams(qs.slice(1))));
        assert.deepEqual(defined(again), defined(query), `through ${JSON.stringify(qs)}`);
      }),
      3000,
    );
  });

  it('a valid view is read as given', () => {
    const view = fc.record({
      q: fc.option(fc.stringMatching(/^[a-z0-9@.+-][a-z0-9@. +-]{0,40}[a-z0-9@.+-]$/), { nil: undefined }),
      org: fc.option(fc.uuid(), { nil: undefined }),
      status: fc.option(fc.constantFrom(...ACCOUNT_STATUSES), { nil: undefined }),
      tag: fc.option(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,31}$/), { nil: undefined }),
      sort: fc.constantFrom(...ACCOUNT_SORTS),
      dir: fc.constantFrom('asc' as const, 'desc' as const),
      page: fc.integer({ min: 1, max: 1_000_000 }),
      size: fc.constantFrom(...PAGE_SIZES),
    });
    checkProperty(
      tally,
      'valid views',
      fc.property(view, (expected: AccountsQuery) => {
        const params = Object.fromEntries(
          Object.entries(expected).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
        );
        assert.deepEqual(defined(parseAccountsQuery(params)), defined(expected));
      }),
      1000,
    );
  });

  it('a search of any text stays within 100 characters, without control characters or lone surrogates', () => {
    checkProperty(
      tally,
      'search text',
      fc.property(anyText(300), (q) => {
        const query = parseAccountsQuery({ q });
        assertValidAccountsQuery(query);
      }),
      2000,
    );
  });
});

/** The view without its absent values: { q: undefined } and {} are the same view. */
function defined(query: AccountsQuery): Partial<AccountsQuery> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
}
