import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type AccountsQuery, accountsQueryString, parseAccountsQuery } from '@/lib/accounts/accounts-query';

const ORG = '0b6f3c1e-8a57-4d2e-9f43-2a1c5d7e9b10';

function roundTrip(query: AccountsQuery): AccountsQuery {
  const qs = accountsQueryString(query);
  return parseAccountsQuery(Object.fromEntries(new URLSearchParams(qs.replace(/^\?/, ''))));
}

describe('parseAccountsQuery', () => {
  it('gives the defaults for an empty URL', () => {
    const { q, org, status, tag, ...rest } = parseAccountsQuery({});
    assert.equal(q, undefined);
    assert.equal(org, undefined);
    assert.equal(status, undefined);
    assert.equal(tag, undefined);
    assert.deepEqual(rest, { sort: 'name', dir: 'asc', page: 1, size: 50 });
  });

  it('reads valid values', () => {
    const query = parseAccountsQuery({
      q: '  ada  ',
      org: ORG,
      status: 'expired',
      tag: 'PORTED',
      sort: 'invited',
      dir: 'desc',
      page: '3',
      size: '100',
    });
    assert.deepEqual(query, {
      q: 'ada',
      org: ORG,
      status: 'expired',
      tag: 'PORTED',
      sort: 'invited',
      dir: 'desc',
      page: 3,
      size: 100,
    });
  });

  it('falls back to the default for each malformed value', () => {
    const query = parseAccountsQuery({
      q: 42 as unknown as string,
      org: 'not-a-uuid',
      status: 'deleted',
      tag: 'ported',
      sort: 'password',
      dir: 'sideways',
      page: '-2',
      size: '7',
    });
    assert.deepEqual(query, {
      q: undefined,
      org: undefined,
      status: undefined,
      tag: undefined,
      sort: 'name',
      dir: 'asc',
      page: 1,
      size: 50,
    });
  });

  it('reads the delivery filter, drops an unknown one, and keeps it in the URL', () => {
    assert.equal(parseAccountsQuery({ delivery: 'bounced' }).delivery, 'bounced');
    assert.equal(parseAccountsQuery({ delivery: 'opened' }).delivery, undefined);
    const query = parseAccountsQuery({ delivery: 'delivered', status: 'active' });
    assert.equal(accountsQueryString(query), '?status=active&delivery=delivered');
    assert.deepEqual(roundTrip(query), query);
  });

  it('rejects non-integer, zero and absurd pages', () => {
    assert.equal(parseAccountsQuery({ page: 'abc' }).page, 1);
    assert.equal(parseAccountsQuery({ page: '2.5' }).page, 1);
    assert.equal(parseAccountsQuery({ page: '0' }).page, 1);
    assert.equal(parseAccountsQuery({ page: '1000001' }).page, 1);
    assert.equal(parseAccountsQuery({ page: '1000000' }).page, 1_000_000);
  });

  it('accepts only the offered page sizes', () => {
    assert.equal(parseAccountsQuery({ size: '25' }).size, 25);
    assert.equal(parseAccountsQuery({ size: '50' }).size, 50);
    assert.equal(parseAccountsQuery({ size: '100' }).size, 100);
    assert.equal(parseAccountsQuery({ size: '1000' }).size, 50);
    assert.equal(parseAccountsQuery({ size: 'all' }).size, 50);
  });

  it('treats blank values as absent and takes the first of repeated parameters', () => {
    const query = parseAccountsQuery({
      q: '   ',
      org: '',
      status: ['active', 'pending'],
      sort: ['email', 'name'],
      page: ['2', '9'],
    });
    assert.equal(query.q, undefined);
    assert.equal(query.org, undefined);
    assert.equal(query.status, 'active');
    assert.equal(query.sort, 'email');
    assert.equal(query.page, 2);
  });
});

describe('search length', () => {
  it('cuts a long search to 100 characters instead of dropping it', () => {
    const q = parseAccountsQuery({ q: 'x'.repeat(250) }).q;
    assert.equal(q, 'x'.repeat(100));
  });
});

describe('accountsQueryString', () => {
  it('is empty for the default view', () => {
    assert.equal(accountsQueryString(parseAccountsQuery({})), '');
  });

  it('leaves defaults out and keeps the rest', () => {
    const qs = accountsQueryString(parseAccountsQuery({ q: 'ada', sort: 'name', dir: 'desc', page: '1', size: '50' }));
    const params = new URLSearchParams(qs.slice(1));
    assert.ok(qs.startsWith('?'));
    assert.deepEqual([...params.keys()].sort(), ['dir', 'q']);
    assert.equal(params.get('q'), 'ada');
    assert.equal(params.get('dir'), 'desc');
  });

  it('applies changes over the query', () => {
    const base = parseAccountsQuery({ q: 'ada', page: '4' });
    const qs = accountsQueryString(base, { page: 1, status: 'pending' });
    const params = new URLSearchParams(qs.slice(1));
    assert.equal(params.get('page'), null);
    assert.equal(params.get('status'), 'pending');
    assert.equal(params.get('q'), 'ada');
  });

  it('round-trips every field through parseAccountsQuery', () => {
    const query: AccountsQuery = {
      q: 'grace & hopper 100%',
      org: ORG,
      status: 'not_invited',
      tag: 'TOLL_FREE',
      sort: 'activated',
      dir: 'desc',
      page: 7,
      size: 25,
    };
    assert.deepEqual(roundTrip(query), query);
    const defaults = parseAccountsQuery({});
    assert.deepEqual(roundTrip(defaults), defaults);
    for (const sort of [
      'name',
      'email',
      'organization',
      'number',
      'permissions',
      'status',
      'invited',
      'activated',
    ] as const) {
      assert.deepEqual(roundTrip({ ...defaults, sort }), { ...defaults, sort });
    }
  });
});
