import assert from 'node:assert/strict';
import { DECODE_ERRORS } from '@/lib/import/decode-import-bytes';
import {
  IMPORT_FILE_ERRORS,
  IMPORT_MAX_EMAIL_LENGTH,
  IMPORT_MAX_NAME_LENGTH,
  type ParseOutcome,
  SKIP_REASONS,
  type SkippedRow,
  validateImportRow,
  type ValidRow,
} from '@/lib/import/parse-import';
import { UserFacingError } from '@/lib/errors';
import { toE164 } from '@/lib/phone';
import { US } from './import-outcome';

/*
 * The oracles of the CSV parser's fuzz tests (tests/unit/fuzz-csv-parser*.test.ts): what every outcome of
 * lib/import/parse-import.ts must satisfy whatever the input, and the pieces CSV-ish inputs are made of.
 */

export const KNOWN_FILE_ERRORS = new Set<string>([
  IMPORT_FILE_ERRORS.empty,
  IMPORT_FILE_ERRORS.headerOnly,
  IMPORT_FILE_ERRORS.tooManyRows,
  IMPORT_FILE_ERRORS.tooLarge,
  ...Object.values(DECODE_ERRORS),
]);
export const STATIC_REASONS = new Set<string>(
  Object.values(SKIP_REASONS).filter((reason): reason is string => typeof reason === 'string'),
);
export const DYNAMIC_REASONS = [
  /^Device # ".*" was turned into a number in scientific notation by Excel/s,
  /^Device # ".*" has lost its leading \+ \(Excel drops it\)/s,
  /^Device # ".*" may have lost its leading \+ or 0/s,
  /^Device # ".*" has lost its leading 0 \(Excel drops it\)/s,
  /^Duplicate in the file: line \d+ has the same Email or Device #\.$/,
];

/** The first line is neither a header nor an account (IMPORT_FILE_ERRORS.noHeader, with its reason). */
export const NO_HEADER = /^The first line is neither a header line nor a valid account \(.*\)\. Start the file/s;

/** Runs the parser; anything thrown other than the product's UserFacingError fails the property. */
export function parseSafely(run: () => ParseOutcome): ParseOutcome | null {
  try {
    return run();
  } catch (error) {
    if (error instanceof UserFacingError) return null;
    throw error;
  }
}

/** What every outcome must satisfy, whatever the input. */
export function assertCoherent(outcome: ParseOutcome | null, country = US.defaultCountry): void {
  if (outcome === null) return;
  if (!outcome.ok) {
    assert.equal(typeof outcome.error, 'string');
    const known =
      KNOWN_FILE_ERRORS.has(outcome.error) ||
      /^The header has no (First Name|Last Name|Email)( or (Last Name|Device #))? column\. /.test(outcome.error) ||
      /^Line \d+ has a quoted value \("\) that is not closed properly/.test(outcome.error) ||
      NO_HEADER.test(outcome.error);
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

export function assertValidRow(row: ValidRow, country: string): void {
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

export function assertSkippedRow(row: SkippedRow): void {
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

/** A header line's worth of plausible column names (template names, variants, aliases, strangers). */
export const HEADER_TOKENS = [
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
export const CSV_PIECES = [
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
