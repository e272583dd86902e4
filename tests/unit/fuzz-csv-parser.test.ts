import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { DECODE_ERRORS } from '@/lib/import/decode-import-bytes';
import { chunkRows, rowsToStage, stageRowsSchema } from '@/lib/import/import-schema';
import {
  IMPORT_FILE_ERRORS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_EMAIL_LENGTH,
  IMPORT_MAX_NAME_LENGTH,
  type ParseOutcome,
  parseImportFile,
  parseImportText,
  SKIP_REASONS,
  type SkippedRow,
  TEMPLATE_EXAMPLE,
  validateImportRow,
  type ValidRow,
} from '@/lib/import/parse-import';
import { UserFacingError } from '@/lib/errors';
import { toE164 } from '@/lib/phone';
import { anyText, checkProperty, FuzzTally, stringOf } from '../helpers/fuzz';

/*
 * Fuzzing the Multiple Accounts import's parser (lib/import/parse-import.ts): arbitrary text, arbitrary
 * bytes, CSV-ish token soup, and plausible files built field by field whose every row's outcome is known.
 * The parser must never throw (a whole-file problem is an { ok: false } outcome with one of the known
 * messages), and what it answers must hold together: normalized values, one reason per skipped row,
 * distinct line numbers, and rows the server's own validation and staging schema accept again.
 */

const US = { defaultCountry: 'US' };
const tally = new FuzzTally('csv parser');
after(() => tally.report());

const KNOWN_FILE_ERRORS = new Set<string>([
  IMPORT_FILE_ERRORS.empty,
  IMPORT_FILE_ERRORS.headerOnly,
  IMPORT_FILE_ERRORS.noHeader,
  IMPORT_FILE_ERRORS.tooManyRows,
  IMPORT_FILE_ERRORS.tooLarge,
  ...Object.values(DECODE_ERRORS),
]);
const STATIC_REASONS = new Set<string>(
  Object.values(SKIP_REASONS).filter((reason): reason is string => typeof reason === 'string'),
);
const DYNAMIC_REASONS = [
  /^Device # ".*" was turned into a number in scientific notation by Excel/s,
  /^Device # ".*" has lost its leading \+ \(Excel drops it\)/s,
  /^Device # ".*" may have lost its leading \+ or 0/s,
  /^Device # ".*" has lost its leading 0 \(Excel drops it\)/s,
  /^Duplicate in the file: line \d+ has the same Email or Device #\.$/,
];

/** Runs the parser; anything thrown other than the product's UserFacingError fails the property. */
function parseSafely(run: () => ParseOutcome): ParseOutcome | null {
  try {
    return run();
  } catch (error) {
    if (error instanceof UserFacingError) return null;
    throw error;
  }
}

/** What every outcome must satisfy, whatever the input. */
function assertCoherent(outcome: ParseOutcome | null, country = US.defaultCountry): void {
  if (outcome === null) return;
  if (!outcome.ok) {
    assert.equal(typeof outcome.error, 'string');
    const known =
      KNOWN_FILE_ERRORS.has(outcome.error) ||
      /^The header has no (First Name|Last Name|Email)( or (Last Name|Device #))? column\. /.test(outcome.error) ||
      /^Line \d+ has a quoted value \("\) that is not closed properly/.test(outcome.error);
    assert.ok(known, `unknown whole-file error: ${outcome.error}`);
    return;
  }
  assert.ok([',', ';', '\t'].includes(outcome.delimiter), `delimiter ${JSON.stringify(outcome.delimiter)}`);
  assert.ok(['utf-8', 'windows-1252'].includes(outcome.encoding));
  assert.ok(outcome.rows.length + outcome.skipped.length > 0, 'an ok outcome has at least one row');

  const lines = new Set<number>();
  const emails = new Set<string>();
  const devices = new Set<string>();
  for (const row of outcome.rows) {
    assertValidRow(row, country);
    assert.ok(!lines.has(row.line), `line ${row.line} twice`);
    lines.add(row.line);
    if (row.email !== null) {
      assert.ok(!emails.has(row.email), `email ${row.email} twice among the valid rows`);
      emails.add(row.email);
    }
    if (row.deviceNumber !== null) {
      assert.ok(!devices.has(row.deviceNumber), `device ${row.deviceNumber} twice among the valid rows`);
      devices.add(row.deviceNumber);
    }
    // The server validates every staged row again: a valid row must stay valid, and unchanged.
    const again = validateImportRow({ ...row, email: row.email ?? '', deviceNumber: row.deviceNumber ?? '' }, country);
    assert.deepEqual(again, { ok: true, row }, `the server refuses the valid row of line ${row.line}`);
  }
  for (const row of outcome.skipped) {
    assertSkippedRow(row);
    assert.ok(!lines.has(row.line), `line ${row.line} twice`);
    lines.add(row.line);
  }
  for (const list of [outcome.rows, outcome.skipped]) {
    for (let i = 1; i < list.length; i++) assert.ok(list[i]!.line > list[i - 1]!.line, 'rows in file order');
  }
}

function assertValidRow(row: ValidRow, country: string): void {
  assert.ok(Number.isInteger(row.line) && row.line >= 2, `line ${row.line}`);
  for (const name of [row.firstName, row.lastName]) {
    assert.equal(typeof name, 'string');
    assert.equal(name, name.trim());
    assert.ok(name.length >= 1 && name.length <= IMPORT_MAX_NAME_LENGTH, `name length ${name.length}`);
  }
  assert.ok(row.email !== null || row.deviceNumber !== null, 'a valid row has a contact');
  if (row.email !== null) {
    assert.equal(row.email, row.email.toLowerCase());
    assert.equal(row.email, row.email.trim());
    assert.ok(row.email.includes('@') && row.email.length <= IMPORT_MAX_EMAIL_LENGTH);
  }
  if (row.deviceNumber !== null) {
    assert.match(row.deviceNumber, /^\+[1-9]\d{1,14}$/);
    assert.equal(toE164(row.deviceNumber, country), row.deviceNumber, 'E.164 reads back as itself');
  }
}

function assertSkippedRow(row: SkippedRow): void {
  assert.ok(Number.isInteger(row.line) && row.line >= 2, `line ${row.line}`);
  for (const value of [row.firstName, row.lastName, row.email, row.deviceNumber]) {
    assert.equal(typeof value, 'string');
    assert.equal(value, value.trim());
  }
  assert.ok(
    STATIC_REASONS.has(row.reason) || DYNAMIC_REASONS.some((pattern) => pattern.test(row.reason)),
    `unknown reason: ${row.reason}`,
  );
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A header line's worth of plausible column names (template names, variants, aliases, strangers). */
const HEADER_TOKENS = [
  'First Name',
  'Last Name',
  'Email',
  'Device #',
  'first_name',
  'LASTNAME',
  'E-mail',
  'Phone',
  'Mobile',
  'Notes',
  '',
];
const CSV_PIECES = [
  ...HEADER_TOKENS,
  ',',
  ';',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '"',
  '""',
  ' ',
  '\ufeff',
  '\u0000',
  "'=",
  "'+",
  '=cmd',
  'Ada',
  'Lovelace',
  'ada@example.com',
  'ADA@EXAMPLE.COM',
  'a@b',
  '+14155550100',
  '14155550100',
  '4155550100',
  '(415) 555-0100',
  '4.15E+10',
  '+44 20 7946 0958',
  'Jane',
  'Doe',
  'jane.doe@example.com',
  'é',
  '😀',
];

describe('fuzz: CSV parser never throws, and answers coherently', () => {
  it('arbitrary text', () => {
    checkProperty(
      tally,
      'text',
      fc.property(anyText(600), (text) => {
        assertCoherent(parseSafely(() => parseImportText(text, US)));
      }),
      3000,
    );
  });

  it('CSV-ish token soup (headers, delimiters, quotes, line ends, BOMs, NULs, numbers, emails)', () => {
    checkProperty(
      tally,
      'token soup',
      fc.property(stringOf(CSV_PIECES, 80), fc.constantFrom('US', 'GB', 'DE', 'FR'), (text, country) => {
        const outcome = parseSafely(() => parseImportText(text, { defaultCountry: country }));
        assertCoherent(outcome, country);
      }),
      3000,
    );
  });

  it('a valid header followed by arbitrary text', () => {
    const header = fc.constantFrom(
      'First Name,Last Name,Email,Device #\n',
      'First Name;Last Name;Email;Device #\r\n',
      'First Name\tLast Name\tDevice #\r',
      '\ufeffLast Name,First Name,Email\n',
      '\n\n;;\nFirst Name,Last Name,Device #,Notes\n',
    );
    checkProperty(
      tally,
      'header + text',
      fc.property(header, anyText(600), stringOf(CSV_PIECES, 40), (head, body, soup) => {
        for (const text of [head + body, head + soup]) {
          const outcome = parseSafely(() => parseImportText(text, US));
          assertCoherent(outcome);
        }
      }),
      2000,
    );
  });

  it('arbitrary bytes: invalid UTF-8, BOMs, UTF-16 and workbook signatures, NULs, controls', () => {
    const prefix = fc.constantFrom(
      [],
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
      [0x50, 0x4b, 0x03, 0x04],
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
      [...utf8('First Name,Last Name,Email,Device #\r\n')],
      [...utf8('First Name;Last Name;Email\n')],
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      // Mostly text with a few bytes that are not valid UTF-8 (Windows-1252 accents, stray continuation bytes).
      fc
        .array(
          fc.oneof(
            { weight: 8, arbitrary: stringOf(CSV_PIECES, 4).map((s) => [...utf8(s)]) },
            { weight: 1, arbitrary: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 3 }) },
          ),
          { maxLength: 60 },
        )
        .map((chunks) => chunks.flat()),
    );
    checkProperty(
      tally,
      'bytes',
      fc.property(prefix, body, (head, rest) => {
        const bytes = Uint8Array.from([...head, ...rest]);
        const outcome = parseSafely(() => parseImportFile(bytes, US));
        assertCoherent(outcome);
      }),
      3000,
    );
  });

  it('huge fields, up to 600 KB, within the size limit', () => {
    const hugeRow = fc.record({
      field: fc.constantFrom('first', 'last', 'email', 'device', 'extra'),
      size: fc.integer({ min: 1_000, max: 600_000 }),
      fill: fc.constantFrom('x', ' ', '9', '"', ',', 'é', '\n', '😀', '@'),
      quoted: fc.boolean(),
    });
    checkProperty(
      tally,
      'huge fields',
      fc.property(hugeRow, ({ field, size, fill, quoted }) => {
        let value = fill.repeat(Math.ceil(size / fill.length));
        if (quoted || /[",\n]/.test(value)) value = `"${value.replace(/"/g, '""')}"`;
        const cells = { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', device: '+14155550100', extra: 'x' };
        cells[field] = value;
        const text = `First Name,Last Name,Email,Device #,Notes\n${cells.first},${cells.last},${cells.email},${cells.device},${cells.extra}\n`;
        const outcome = parseSafely(() => parseImportText(text, US));
        assertCoherent(outcome);
        const bytes = utf8(text);
        if (bytes.length <= IMPORT_MAX_BYTES) assertCoherent(parseSafely(() => parseImportFile(bytes, US)));
      }),
      25,
    );
  });

  it('a file over the size limit is refused as too large, as text and as bytes', () => {
    const text = `First Name,Last Name,Email\n${'Ada,Lovelace,ada@example.com\n'.repeat(Math.ceil(IMPORT_MAX_BYTES / 29) + 1)}`;
    assert.deepEqual(parseImportText(text, US), { ok: false, error: IMPORT_FILE_ERRORS.tooLarge });
    assert.deepEqual(parseImportFile(utf8(text), US), { ok: false, error: IMPORT_FILE_ERRORS.tooLarge });
    tally.add('size limit', 2);
  });
});

// ---------------------------------------------------------------------------------------------------
// Plausible files, built field by field, whose every row's outcome is known in advance.

type Field = 'firstName' | 'lastName' | 'email' | 'deviceNumber';
type Delimiter = ',' | ';' | '\t';

/** Names the header may give each column: the template's, spelling variants, and the recognised aliases. */
const HEADER_NAMES: Record<Field, string[]> = {
  firstName: ['First Name', 'first_name', 'FirstName', 'FIRST NAME *', 'Given Name', 'Forename'],
  lastName: ['Last Name', 'last_name', 'LastName', 'Surname', 'Family Name'],
  email: ['Email', 'E-mail', 'email address', 'EMAIL', 'Mail'],
  deviceNumber: ['Device #', 'Device Number', 'device', 'Mobile', 'Phone Number', 'Cell'],
};
/** Columns the parser must ignore. */
const EXTRA_NAMES = ['Notes', 'Department', 'Employee ID', 'Title', 'Manager', 'Team (2024)'];

const AREAS = ['415', '212', '312', '646', '617'];
/** A valid US number, unique per `id` (0–99), in one of the ways people and spreadsheets write it. */
const DEVICE_FORMATS: ((area: string, last: string) => string)[] = [
  (a, l) => `+1${a}555${l}`,
  (a, l) => `+1 ${a} 555 ${l}`,
  (a, l) => `+1 (${a}) 555-${l}`,
  (a, l) => `+1-${a}-555-${l}`,
  (a, l) => `(${a}) 555-${l}`,
  (a, l) => `${a}.555.${l}`,
  (a, l) => `${a}-555-${l}`,
  (a, l) => `${a}555${l}`,
  (a, l) => `1${a}555${l}`,
  (a, l) => `'+1${a}555${l}`,
];
const INVALID_DEVICES: [string, (value: string) => string][] = [
  ['abc', () => SKIP_REASONS.invalidPhone],
  ['not a number', () => SKIP_REASONS.invalidPhone],
  ['+1 415 555', () => SKIP_REASONS.invalidPhone],
  ['12', () => SKIP_REASONS.invalidPhone],
  ['(415) 555-01', () => SKIP_REASONS.invalidPhone],
  ['+999 123456', () => SKIP_REASONS.invalidPhone],
  ['4.15E+10', SKIP_REASONS.excelMangled],
  ['1.23457e11', SKIP_REASONS.excelMangled],
];
const INVALID_EMAILS = ['no-at-sign', 'a@b', '@example.com', 'a b@example.com', 'a@@example.com', 'a@example..com'];
const DOMAINS = ['example.com', 'acme.test', 'Mail.Example.org', 'xn--bcher-kva.example'];

/** Characters of a name: letters, accents, emoji, and what forces quoting (delimiters, quotes, line breaks). */
const NAME_CHAR = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'é',
  'ß',
  'Ø',
  'ł',
  '李',
  'محمد',
  '😀',
  ' ',
  '-',
  "'",
  '.',
  ',',
  ';',
  '\t',
  '"',
  '\n',
  '=',
  '@',
);
const LETTER = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéØ李');
const PADDING = fc.constantFrom('', '', '', ' ', '  ', ' \t');

/** A name that trims to 1..max characters, possibly with blanks around it. */
function nameArb(max = 40): fc.Arbitrary<string> {
  return fc
    .tuple(PADDING, LETTER, fc.string({ unit: NAME_CHAR, maxLength: max - 2 }), LETTER, PADDING, fc.boolean())
    .map(([before, a, middle, b, afterPad, single]) => `${before}${single ? a : `${a}${middle}${b}`}${afterPad}`)
    .filter((name) => {
      const core = name.trim();
      return core.length >= 1 && core.length <= IMPORT_MAX_NAME_LENGTH;
    });
}

type RowKind =
  | 'valid'
  | 'missingName'
  | 'nameTooLong'
  | 'missingContact'
  | 'invalidEmail'
  | 'invalidPhone'
  | 'duplicate'
  | 'example'
  | 'blank';

interface RowSpec {
  kind: RowKind;
  first: string;
  last: string;
  /** Which contacts a valid row uses, when both columns exist. */
  contact: 'email' | 'device' | 'both';
  emailLocal: string;
  emailUpper: boolean;
  domain: string;
  area: string;
  format: number;
  otherFormat: number;
  invalidEmail: number;
  invalidDevice: number;
  /** For a duplicate: which earlier valid row it repeats (modulo their number). */
  of: number;
  extra: string;
}

interface FileSpec {
  fields: Field[];
  headerNames: Record<Field, number>;
  extras: string[];
  order: number[];
  delimiter: Delimiter;
  lineEnd: '\n' | '\r\n' | '\r';
  bom: boolean;
  leadingBlankLines: string[];
  quoteAll: boolean;
  trailingLineEnd: boolean;
  rows: RowSpec[];
}

const rowSpecArb: fc.Arbitrary<RowSpec> = fc.record({
  kind: fc.oneof(
    { weight: 10, arbitrary: fc.constant<RowKind>('valid') },
    {
      weight: 1,
      arbitrary: fc.constantFrom<RowKind>(
        'missingName',
        'nameTooLong',
        'missingContact',
        'invalidEmail',
        'invalidPhone',
        'duplicate',
        'example',
        'blank',
      ),
    },
  ),
  first: nameArb(),
  last: nameArb(),
  contact: fc.constantFrom('email', 'device', 'both'),
  emailLocal: fc.stringMatching(/^[a-z][a-z0-9_.+-]{0,12}[a-z0-9]$/).filter((s) => !s.includes('..')),
  emailUpper: fc.boolean(),
  domain: fc.constantFrom(...DOMAINS),
  area: fc.constantFrom(...AREAS),
  format: fc.nat(DEVICE_FORMATS.length - 1),
  otherFormat: fc.nat(DEVICE_FORMATS.length - 1),
  invalidEmail: fc.nat(INVALID_EMAILS.length - 1),
  invalidDevice: fc.nat(INVALID_DEVICES.length - 1),
  of: fc.nat(),
  extra: fc.oneof(fc.constant(''), fc.string({ unit: NAME_CHAR, maxLength: 20 })),
});

const fileSpecArb: fc.Arbitrary<FileSpec> = fc
  .record({
    contacts: fc.constantFrom<Field[][]>(['email'], ['deviceNumber'], ['email', 'deviceNumber']),
    headerNames: fc.record({
      firstName: fc.nat(HEADER_NAMES.firstName.length - 1),
      lastName: fc.nat(HEADER_NAMES.lastName.length - 1),
      email: fc.nat(HEADER_NAMES.email.length - 1),
      deviceNumber: fc.nat(HEADER_NAMES.deviceNumber.length - 1),
    }),
    extras: fc.uniqueArray(fc.constantFrom(...EXTRA_NAMES), { maxLength: 3 }),
    delimiter: fc.constantFrom<Delimiter>(',', ';', '\t'),
    lineEnd: fc.constantFrom<FileSpec['lineEnd']>('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    leadingBlankLines: fc.array(fc.constantFrom('', '   ', ';;', ',,,', '\t'), { maxLength: 2 }),
    quoteAll: fc.boolean(),
    trailingLineEnd: fc.boolean(),
    rows: fc.array(rowSpecArb, { minLength: 1, maxLength: 20 }),
  })
  .chain((base) => {
    const fields: Field[] = ['firstName', 'lastName', ...base.contacts];
    const width = fields.length + base.extras.length;
    return fc
      .shuffledSubarray(
        Array.from({ length: width }, (_, i) => i),
        { minLength: width, maxLength: width },
      )
      .map((order): FileSpec => ({ ...base, fields, order }));
  });

function quoteCell(value: string, delimiter: Delimiter, force: boolean): string {
  const needs = force || value.includes(delimiter) || /["\n\r]/.test(value);
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The parser's own reading of a cell: trimmed, and without the apostrophe that neutralised a formula. */
function asRead(value: string): string {
  const trimmed = value.trim();
  return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

interface Built {
  text: string;
  expected: ParseOutcome;
}

/** Writes the file of a spec, and what the parser must answer for it. */
function buildFile(spec: FileSpec): Built {
  const hasEmail = spec.fields.includes('email');
  const hasDevice = spec.fields.includes('deviceNumber');
  // Column i of the file holds logical column order[i]: the fields first, then the extras.
  const logical = [...spec.fields.map((f) => HEADER_NAMES[f][spec.headerNames[f]]!), ...spec.extras];
  const header = spec.order.map((i) => logical[i]!);

  const lines: string[] = [...spec.leadingBlankLines];
  const headerLine = lines.length + 1;
  lines.push(header.map((name) => quoteCell(name, spec.delimiter, spec.quoteAll)).join(spec.delimiter));

  const rows: ValidRow[] = [];
  const skipped: SkippedRow[] = [];
  const originals: { line: number; email: string | null; area: string; id: number; usesDevice: boolean }[] = [];
  let line = headerLine + 1;
  let dataRows = 0;

  spec.rows.forEach((r, id) => {
    const last4 = String(100 + id).padStart(4, '0');
    const e164 = `+1${r.area}555${last4}`;
    const device = (format: number) => DEVICE_FORMATS[format]!(r.area, last4);
    const email = `${r.emailLocal}.${id}@${r.domain}`;
    const writtenEmail = r.emailUpper ? email.toUpperCase() : email;
    let useEmail = hasEmail && (!hasDevice || r.contact !== 'device');
    let useDevice = hasDevice && (!hasEmail || r.contact !== 'email');

    const cells: Record<Field, string> = { firstName: r.first, lastName: r.last, email: '', deviceNumber: '' };
    let expected: { valid: ValidRow } | { reason: string } | null;
    let claims: { line: number; email: string | null; area: string; id: number; usesDevice: boolean } | null = null;

    switch (r.kind) {
      case 'valid':
        if (useEmail) cells.email = writtenEmail;
        if (useDevice) cells.deviceNumber = device(r.format);
        expected = {
          valid: {
            line,
            firstName: r.first.trim(),
            lastName: r.last.trim(),
            email: useEmail ? email.toLowerCase() : null,
            deviceNumber: useDevice ? e164 : null,
          },
        };
        claims = { line, email: useEmail ? email.toLowerCase() : null, area: r.area, id, usesDevice: useDevice };
        break;
      case 'missingName':
        if (r.of % 2 === 0) cells.firstName = ' ';
        else cells.lastName = '';
        if (useEmail) cells.email = writtenEmail;
        if (useDevice) cells.deviceNumber = device(r.format);
        expected = { reason: SKIP_REASONS.missingName };
        break;
      case 'nameTooLong':
        cells[r.of % 2 === 0 ? 'firstName' : 'lastName'] = `L${'o'.repeat(IMPORT_MAX_NAME_LENGTH + (r.of % 400))}ng`;
        if (useEmail) cells.email = writtenEmail;
        if (useDevice) cells.deviceNumber = device(r.format);
        expected = { reason: SKIP_REASONS.nameTooLong };
        break;
      case 'missingContact':
        expected = { reason: SKIP_REASONS.missingContact };
        break;
      case 'invalidEmail':
        if (!hasEmail) return buildBlank();
        cells.email = INVALID_EMAILS[r.invalidEmail]!;
        if (useDevice) cells.deviceNumber = device(r.format);
        expected = { reason: SKIP_REASONS.invalidEmail };
        break;
      case 'invalidPhone': {
        if (!hasDevice) return buildBlank();
        const [value, reason] = INVALID_DEVICES[r.invalidDevice]!;
        cells.deviceNumber = value;
        if (useEmail) cells.email = writtenEmail;
        expected = { reason: reason(value) };
        break;
      }
      case 'duplicate': {
        const original = originals.length > 0 ? originals[r.of % originals.length]! : null;
        if (!original) return buildBlank();
        // The same contacts as an earlier valid row, written differently: the same account.
        useEmail = original.email !== null;
        useDevice = original.usesDevice;
        if (useEmail) cells.email = r.emailUpper ? original.email!.toUpperCase() : ` ${original.email!} `;
        if (useDevice) {
          cells.deviceNumber = DEVICE_FORMATS[r.otherFormat]!(
            original.area,
            String(100 + original.id).padStart(4, '0'),
          );
        }
        expected = { reason: SKIP_REASONS.duplicateInFile(original.line) };
        break;
      }
      case 'example':
        if (!hasEmail) return buildBlank();
        cells.firstName = TEMPLATE_EXAMPLE.firstName;
        cells.lastName = TEMPLATE_EXAMPLE.lastName;
        cells.email = r.emailUpper ? TEMPLATE_EXAMPLE.email.toUpperCase() : TEMPLATE_EXAMPLE.email;
        if (hasDevice) cells.deviceNumber = r.of % 2 === 0 ? TEMPLATE_EXAMPLE.deviceNumber : '14155550100';
        expected = { reason: SKIP_REASONS.exampleRow };
        break;
      case 'blank':
        return buildBlank();
    }
    emit(cells, r.extra, expected, claims);

    function buildBlank() {
      // Nothing in the four columns (an extra column may hold something): not a row, but a line.
      emit({ firstName: '', lastName: '', email: '', deviceNumber: r.of % 3 === 0 ? '  ' : '' }, r.extra, null, null);
    }
  });

  function emit(
    cells: Record<Field, string>,
    extra: string,
    expected: { valid: ValidRow } | { reason: string } | null,
    claims: { line: number; email: string | null; area: string; id: number; usesDevice: boolean } | null,
  ) {
    const logicalCells = [...spec.fields.map((f) => cells[f]), ...spec.extras.map(() => extra)];
    const written = spec.order.map((i) => logicalCells[i]!);
    lines.push(written.map((value) => quoteCell(value, spec.delimiter, spec.quoteAll)).join(spec.delimiter));
    if (expected) {
      dataRows++;
      if ('valid' in expected) rows.push(expected.valid);
      else {
        skipped.push({
          line,
          firstName: asRead(cells.firstName),
          lastName: asRead(cells.lastName),
          email: asRead(cells.email),
          deviceNumber: asRead(cells.deviceNumber),
          reason: expected.reason,
        });
      }
    }
    if (claims) originals.push(claims);
    // A quoted line break inside a cell moves the next row down a line.
    line += 1 + written.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
  }

  let text = lines.join(spec.lineEnd);
  if (spec.trailingLineEnd) text += spec.lineEnd;
  if (spec.bom) text = `\ufeff${text}`;
  const expected: ParseOutcome =
    dataRows === 0
      ? { ok: false, error: IMPORT_FILE_ERRORS.headerOnly }
      : { ok: true, rows, skipped, delimiter: spec.delimiter, encoding: 'utf-8' };
  return { text, expected };
}

describe('fuzz: plausible CSV files come out row by row as written', () => {
  it('every valid row with its values, every invalid row with its reason (header permutations, extra columns)', () => {
    checkProperty(
      tally,
      'structured files',
      fc.property(fileSpecArb, (spec) => {
        const { text, expected } = buildFile(spec);
        const fromText = parseImportText(text, US);
        assert.deepEqual(fromText, expected);
        assertCoherent(fromText);
        // The same file uploaded: bytes in UTF-8 (the BOM, when there is one, is read and dropped).
        assert.deepEqual(parseImportFile(utf8(text), US), expected);
      }),
      2000,
    );
  });

  it("whatever the parser answers, the browser can stage it: the server's staging schema takes every row", () => {
    // The dialog stages every row, valid or skipped, as the file had it (rowsToStage, chunkRows), and the
    // server action validates the chunk with stageRowsSchema before anything else.
    const anyFile = fc.oneof(
      fileSpecArb.map((spec) => buildFile(spec).text),
      fc
        .tuple(
          fc.constantFrom('First Name,Last Name,Email,Device #\n', 'First Name;Last Name;Device #\n'),
          stringOf(CSV_PIECES, 40),
        )
        .map(([head, body]) => head + body),
    );
    checkProperty(
      tally,
      'stageable',
      fc.property(anyFile, (text) => {
        const outcome = parseImportText(text, US);
        if (!outcome.ok) return;
        for (const chunk of chunkRows(rowsToStage(outcome))) {
          const staged = stageRowsSchema.safeParse({ importId: '0b6f3c1e-8a57-4d2e-9f43-2a1c5d7e9b10', rows: chunk });
          assert.ok(staged.success, `the staging schema refuses the parsed rows: ${staged.error?.issues[0]?.message}`);
        }
      }),
      1000,
    );
  });

  it('a header without First Name or Last Name, or without both Email and Device #, is refused', () => {
    const headerArb = fc
      .record({
        fields: fc.subarray<Field>(['firstName', 'lastName', 'email', 'deviceNumber']),
        names: fc.record({
          firstName: fc.nat(HEADER_NAMES.firstName.length - 1),
          lastName: fc.nat(HEADER_NAMES.lastName.length - 1),
          email: fc.nat(HEADER_NAMES.email.length - 1),
          deviceNumber: fc.nat(HEADER_NAMES.deviceNumber.length - 1),
        }),
        extras: fc.uniqueArray(fc.constantFrom(...EXTRA_NAMES), { maxLength: 2 }),
        delimiter: fc.constantFrom<Delimiter>(',', ';', '\t'),
        body: fc.constantFrom('', 'Ada,Lovelace,ada@example.com,+14155550100', 'x;y;z'),
      })
      .filter(
        ({ fields }) =>
          !fields.includes('firstName') ||
          !fields.includes('lastName') ||
          (!fields.includes('email') && !fields.includes('deviceNumber')),
      );
    checkProperty(
      tally,
      'missing columns',
      fc.property(headerArb, ({ fields, names, extras, delimiter, body }) => {
        const header = [...fields.map((f) => HEADER_NAMES[f][names[f]]!), ...extras].join(delimiter);
        const outcome = parseImportText(`${header}\n${body}\n`, US);
        assert.equal(outcome.ok, false);
        const missing = [
          ...(fields.includes('firstName') ? [] : ['First Name']),
          ...(fields.includes('lastName') ? [] : ['Last Name']),
        ];
        const expected =
          fields.length === 0
            ? header === '' && body === ''
              ? IMPORT_FILE_ERRORS.empty
              : IMPORT_FILE_ERRORS.noHeader
            : IMPORT_FILE_ERRORS.missingColumns(missing.length > 0 ? missing : ['Email', 'Device #']);
        assert.deepEqual(outcome, { ok: false, error: expected });
      }),
      1000,
    );
  });
});
