import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addNumbersSchema, optionalTagSchema } from '@/lib/numbers/add-numbers-schema';
import { expandRange, readNumberList, repeatedNumbers, summarizeProblems } from '@/lib/numbers/number-input';
import { numbersQueryString, parseNumbersQuery } from '@/lib/numbers/numbers-query';

const ORG = '0b6f3c1e-8a57-4d2e-9f43-2a1c5d7e9b10';
const e164s = (r: { numbers: { e164: string }[] }) => r.numbers.map((n) => n.e164);

describe('readNumberList', () => {
  it('reads one a line, or separated by commas, semicolons, tabs or spaces, in the tenant’s country', () => {
    const read = readNumberList(
      '\uFEFF(646) 555-0100\r\n+1 646 555 0101, 646.555.0102;6465550103\t6465550104 6465550105\n\n+44 20 7946 0958 +16465550106\n',
      'US',
    );
    assert.deepEqual(read.problems, []);
    assert.deepEqual(e164s(read), [
      '+16465550100',
      '+16465550101',
      '+16465550102',
      '+16465550103',
      '+16465550104',
      '+16465550105',
      '+442079460958',
      '+16465550106',
    ]);
    assert.deepEqual(
      read.numbers.map((n) => n.line),
      [1, 2, 2, 2, 2, 2, 4, 4],
    );
  });

  it('reads national formats in the tenant’s country, not in the US', () => {
    assert.deepEqual(e164s(readNumberList('020 7946 0958', 'GB')), ['+442079460958']);
    assert.deepEqual(readNumberList('020 7946 0958', 'US').problems, [
      'Line 1: “020 7946 0958” is not a valid phone number.',
    ]);
  });

  it('never cuts a number it cannot read into several: the whole piece is reported', () => {
    const read = readNumberList('646 555 0100 646 555 0101\nhello\n12', 'US');
    assert.deepEqual(read.numbers, []);
    assert.deepEqual(read.problems, [
      'Line 1: “646 555 0100 646 555 0101” is not a valid phone number.',
      'Line 2: “hello” is not a valid phone number.',
      'Line 3: “12” is not a valid phone number.',
    ]);
    assert.deepEqual(readNumberList(' \n ,, \n', 'US').problems, ['Paste at least one number.']);
  });
});

describe('expandRange', () => {
  it('counts up from the first number, by count or to the last number', () => {
    assert.deepEqual(e164s(expandRange('(646) 555-0198', { count: 3 }, 'US')), [
      '+16465550198',
      '+16465550199',
      '+16465550200',
    ]);
    assert.deepEqual(e164s(expandRange('+1 646 555 0198', { last: '646 555 0200' }, 'US')), [
      '+16465550198',
      '+16465550199',
      '+16465550200',
    ]);
    assert.equal(expandRange('+16465550000', { last: '+16465559999' }, 'US').numbers.length, 10_000);
  });

  it('refuses a bad first or last number, a backward or oversized range, and lists invalid numbers in it', () => {
    assert.deepEqual(expandRange('12', { count: 3 }, 'US').problems, [
      'The first number “12” is not a valid phone number.',
    ]);
    assert.match(expandRange('+16465550100', { last: '+16465550099' }, 'US').problems[0]!, /must not come before it/);
    assert.match(
      expandRange('+16465550000', { last: '+16465560000' }, 'US').problems[0]!,
      /at most 10,000 numbers; this one holds 10,001/,
    );
    assert.match(expandRange('+16465550000', { count: 10_001 }, 'US').problems[0]!, /1 to 10,000/);
    // +1 647 000… is not a valid US number, so a range running into it reports it.
    const across = expandRange('+1 646 999 9999', { count: 2 }, 'US');
    assert.deepEqual(e164s(across), ['+16469999999']);
    assert.deepEqual(across.problems, ['+16470000000 is not a valid phone number.']);
  });
});

describe('problems', () => {
  it('names numbers given more than once, with their lines', () => {
    const read = readNumberList('+16465550100\n646 555 0101\n(646) 555-0100', 'US');
    assert.deepEqual(repeatedNumbers(read.numbers), ['+1 646 555 0100 is listed more than once (lines 1, 3).']);
  });

  it('shows the first 20 and counts the rest', () => {
    const many = Array.from({ length: 23 }, (_, i) => `p${i}`);
    const shown = summarizeProblems(many);
    assert.equal(shown.length, 21);
    assert.equal(shown[20], '…and 3 more problems.');
    assert.deepEqual(summarizeProblems(['a']), ['a']);
  });
});

describe('the Add numbers schema', () => {
  it('upper-cases the tag, treats blank as none, and refuses what the database would', () => {
    assert.equal(optionalTagSchema.parse(' ported '), 'PORTED');
    assert.equal(optionalTagSchema.parse(''), null);
    assert.equal(optionalTagSchema.parse(null), null);
    assert.equal(optionalTagSchema.safeParse('9LIVES').success, false);
    assert.equal(optionalTagSchema.safeParse('TWO WORDS').success, false);
    assert.equal(optionalTagSchema.safeParse('A'.repeat(33)).success, false);
  });

  it('needs a list, or a first number with either a count or a last number', () => {
    const base = { organizationId: ORG, tag: '' };
    assert.equal(addNumbersSchema.safeParse({ ...base, mode: 'list', list: '  ' }).success, false);
    assert.equal(addNumbersSchema.safeParse({ ...base, mode: 'range', first: '+16465550100' }).success, false);
    assert.equal(
      addNumbersSchema.safeParse({ ...base, mode: 'range', first: '+16465550100', count: '5', last: '+16465550104' })
        .success,
      false,
    );
    const ok = addNumbersSchema.parse({ ...base, mode: 'range', first: '+16465550100', count: '5', last: '' });
    assert.equal(ok.count, 5);
    assert.equal(ok.last, undefined);
    // The parsed values go through the schema again on the server unchanged.
    assert.deepEqual(addNumbersSchema.parse(ok), ok);
  });
});

describe('the Numbers URL state', () => {
  it('reads valid values, falls back on malformed ones, and round-trips', () => {
    const query = parseNumbersQuery({ q: ' 555 ', org: ORG, status: 'available', tag: 'none', page: '2', size: '500' });
    assert.deepEqual(query, { q: '555', org: ORG, status: 'available', tag: 'none', page: 2, size: 500 });
    assert.deepEqual(parseNumbersQuery(Object.fromEntries(new URLSearchParams(numbersQueryString(query)))), query);
    assert.deepEqual(parseNumbersQuery({ q: ' ', org: 'x', status: 'lost', tag: 'lower', page: '-1', size: '7' }), {
      q: undefined,
      org: undefined,
      status: undefined,
      tag: undefined,
      page: 1,
      size: 100,
    });
    assert.equal(numbersQueryString(parseNumbersQuery({})), '');
  });
});
