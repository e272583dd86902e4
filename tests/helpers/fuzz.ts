import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACCOUNT_SORTS, ACCOUNT_STATUSES, type AccountsQuery, PAGE_SIZES } from '@/lib/accounts/accounts-query';

/**
 * Shared settings of the fuzz tests (tests/unit/fuzz-*.test.ts, tests/integration/fuzz-*.test.ts).
 *
 * Every property runs with a fixed seed, so a run is reproducible and a failure report (which names the
 * seed and the shrunk counterexample's path) can be replayed as it is. FUZZ_SEED=<n> explores another
 * part of the input space; FUZZ_SCALE=<x> multiplies every numRuns (FUZZ_SCALE=10 for a long soak,
 * FUZZ_SCALE=0.1 for a quick look).
 */
export const FUZZ_SEED = Number.parseInt(process.env.FUZZ_SEED ?? '', 10) || 20_260_401;

const SCALE = Number(process.env.FUZZ_SCALE ?? '1');

export function fuzzRuns(numRuns: number): number {
  return Math.max(1, Math.round(numRuns * (Number.isFinite(SCALE) && SCALE > 0 ? SCALE : 1)));
}

/** Counts the generated cases of one test file, for the line it prints at the end. */
export class FuzzTally {
  private readonly counts = new Map<string, number>();

  constructor(readonly target: string) {}

  add(property: string, cases: number): void {
    this.counts.set(property, (this.counts.get(property) ?? 0) + cases);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** One line per file: `fuzz: <target>, <n> cases (<property> <n>, …)`. */
  report(): void {
    const parts = [...this.counts].map(([name, n]) => `${name} ${n}`).join(', ');
    console.log(`fuzz: ${this.target}, ${this.total} cases${parts ? ` (${parts})` : ''}`);
  }
}

function failureMessage<Ts>(details: fc.RunDetails<Ts>): string {
  const report = fc.defaultReportMessage(details) ?? `Property failed (seed ${details.seed})`;
  const error = details.errorInstance;
  const cause = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return cause && !report.includes(cause) ? `${report}\n\nError: ${cause}` : report;
}

/**
 * Runs a synchronous property with the fixed seed and `numRuns` (scaled by FUZZ_SCALE), adds the cases
 * run to `tally`, and throws fast-check's report (seed, path, shrunk counterexample) when it fails.
 */
export function checkProperty<Ts>(
  tally: FuzzTally,
  name: string,
  property: fc.IProperty<Ts>,
  numRuns: number,
  parameters: Omit<fc.Parameters<Ts>, 'seed' | 'numRuns'> = {},
): void {
  const details = fc.check(property, { seed: FUZZ_SEED, numRuns: fuzzRuns(numRuns), ...parameters });
  tally.add(name, details.numRuns);
  if (details.failed) throw new Error(failureMessage(details));
}

/** The same for an asynchronous property. */
export async function checkAsyncProperty<Ts>(
  tally: FuzzTally,
  name: string,
  property: fc.IAsyncProperty<Ts>,
  numRuns: number,
  parameters: Omit<fc.Parameters<Ts>, 'seed' | 'numRuns'> = {},
): Promise<void> {
  const details = await fc.check(property, { seed: FUZZ_SEED, numRuns: fuzzRuns(numRuns), ...parameters });
  tally.add(name, details.numRuns);
  if (details.failed) throw new Error(failureMessage(details));
}

/** A lone UTF-16 surrogate: what a cut emoji or a bad %-decoding leaves behind. */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/**
 * Any text: printable graphemes, any code point (controls, NUL, BOM, RTL marks…), Latin-1 with its
 * controls, and lone surrogates, mixed within one string.
 */
export function anyText(maxLength = 200): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({
      unit: fc.oneof(
        { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
        { weight: 1, arbitrary: loneSurrogate },
      ),
      maxLength,
    }),
  );
}

/** Strings made of the given pieces (dangerous fragments, separators, tokens), in any order and number. */
export function stringOf(pieces: readonly string[], maxPieces = 20): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...pieces), { maxLength: maxPieces }).map((parts) => parts.join(''));
}

/** Text the way an error must never reach a user: a stack frame, SQL, a driver's or ORM's error. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /\n\s+at\s/,
  /\bat\s+\S+\s+\(.*:\d+:\d+\)/,
  /\bselect\b[^.]*\bfrom\s+"?\w|\binsert\s+into\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete\s+from\b/i,
  /Failed query/i,
  /DrizzleQueryError|PostgresError|ZodError|TypeError|ReferenceError|SyntaxError/,
  /invalid byte sequence|violates|duplicate key|syntax error at/i,
  /node_modules|\.tsx?:\d+/,
];

/** The first leak pattern that `text` matches, or null. */
export function leakIn(text: string): RegExp | null {
  return LEAK_PATTERNS.find((pattern) => pattern.test(text)) ?? null;
}

// ---------------------------------------------------------------------------------------------------
// The Accounts page's searchParams (tests/unit/fuzz-accounts-query.test.ts, tests/integration/fuzz-accounts-page.test.ts).

const ACCOUNTS_PARAM_KEYS = ['q', 'org', 'status', 'tag', 'sort', 'dir', 'page', 'size'] as const;
const NUMBER_JUNK = [
  '',
  ' ',
  '-1',
  '0',
  '-0',
  '1',
  '2',
  ' 2 ',
  '+3',
  '00012',
  '2.0',
  '2.5',
  '1e3',
  '1e309',
  '0x10',
  '0b11',
  '1_000',
  'NaN',
  'Infinity',
  '-Infinity',
  '１',
  '25',
  '50',
  '100',
  '1000000',
  '1000001',
  '9007199254740993',
  '9'.repeat(400),
  'null',
  'undefined',
  '[object Object]',
];
const SQLISH = [
  "'",
  '"',
  "' or 1=1 --",
  "'; drop table accounts; --",
  '%',
  '_',
  '\\',
  '%%',
  'a%_\\b',
  '\\%',
  '$1',
  '::text',
  '/*',
  '*/',
  ';',
  "E'\\x00'",
  '\u0000',
  'ada',
  'ADA',
  'lovelace',
  '@acme.test',
  '415',
  '555 0100',
  '+1',
  '😀',
  'é',
  '\ud800',
  ' ',
  '\t',
];

/** One parameter's value as Next.js hands it over: absent, a string, or the strings of a repeated parameter. */
function paramValue(value: fc.Arbitrary<string>): fc.Arbitrary<string | string[] | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: value },
    { weight: 1, arbitrary: fc.array(value, { maxLength: 3 }) },
  );
}

/** searchParams of the Accounts page: each parameter plausible, junk, or anything, plus unknown ones. */
export const accountsSearchParams: fc.Arbitrary<Record<string, string | string[] | undefined>> = fc
  .record(
    {
      q: paramValue(
        fc.oneof(
          anyText(120),
          stringOf(SQLISH, 12),
          fc.integer({ min: 90, max: 5000 }).map((n) => 'x'.repeat(n)),
          fc.integer({ min: 95, max: 105 }).map((n) => `${'a'.repeat(n - 2)} b c`),
          fc.integer({ min: 95, max: 105 }).map((n) => `${'a'.repeat(n - 1)}😀`),
        ),
      ),
      org: paramValue(
        fc.oneof(
          fc.uuid(),
          fc.uuid().map((u) => u.toUpperCase()),
          fc.uuid().map((u) => `{${u}}`),
          fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', "' or 1=1 --", ''),
          anyText(40),
        ),
      ),
      status: paramValue(
        fc.oneof(
          fc.constantFrom('not_invited', 'pending', 'active', 'expired', 'ACTIVE', 'deleted', ' active', 'invited'),
          anyText(20),
        ),
      ),
      tag: paramValue(
        fc.oneof(
          fc.constantFrom('PORTED', 'VIP', 'ported', 'A'.repeat(32), 'A'.repeat(33), "PORTED' OR 1=1", 'none'),
          fc.stringMatching(/^[A-Z][A-Z0-9_]{0,31}$/),
          anyText(40),
        ),
      ),
      sort: paramValue(
        fc.oneof(
          fc.constantFrom('name', 'email', 'organization', 'number', 'permissions', 'status', 'invited', 'activated'),
          fc.constantFrom('NAME', 'name; drop table accounts', '__proto__', 'toString', 'constructor', 'password'),
          anyText(20),
        ),
      ),
      dir: paramValue(fc.oneof(fc.constantFrom('asc', 'desc', 'ASC', 'sideways', ''), anyText(10))),
      page: paramValue(
        fc.oneof(fc.constantFrom(...NUMBER_JUNK), fc.integer().map(String), fc.double().map(String), anyText(20)),
      ),
      size: paramValue(fc.oneof(fc.constantFrom(...NUMBER_JUNK), fc.integer().map(String), anyText(10))),
    },
    { requiredKeys: [] },
  )
  .chain((known) =>
    fc
      .dictionary(
        fc.oneof(anyText(10), fc.constantFrom('__proto__', 'constructor', 'Q', 'page ', 'size[]')),
        paramValue(anyText(20)),
        {
          maxKeys: 3,
        },
      )
      .map((unknown) => ({ ...unknown, ...known })),
  );

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every value of a parsed view within its allowed set or range. */
export function assertValidAccountsQuery(query: AccountsQuery): void {
  for (const key of Object.keys(query)) {
    assert.ok((ACCOUNTS_PARAM_KEYS as readonly string[]).includes(key), `unexpected key ${JSON.stringify(key)}`);
  }
  if (query.q !== undefined) {
    assert.equal(typeof query.q, 'string');
    assert.ok(query.q.length >= 1 && query.q.length <= 100, `q of ${query.q.length} characters`);
    assert.equal(query.q, query.q.trim(), 'q is trimmed');
    assert.ok(!/[\u0000-\u001f\u007f]/.test(query.q), 'q holds a control character (Postgres refuses a NUL in text)');
    assert.ok(
      !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(query.q),
      'q holds a lone surrogate (PGlite refuses some in text)',
    );
  }
  if (query.org !== undefined) assert.match(query.org, UUID);
  if (query.status !== undefined) assert.ok(ACCOUNT_STATUSES.includes(query.status), `status ${query.status}`);
  if (query.tag !== undefined) assert.match(query.tag, /^[A-Z][A-Z0-9_]{0,31}$/);
  assert.ok(ACCOUNT_SORTS.includes(query.sort), `sort ${query.sort}`);
  assert.ok(query.dir === 'asc' || query.dir === 'desc', `dir ${query.dir}`);
  assert.ok(Number.isInteger(query.page) && query.page >= 1 && query.page <= 1_000_000, `page ${query.page}`);
  assert.ok((PAGE_SIZES as readonly number[]).includes(query.size), `size ${query.size}`);
}
