import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { chunkRows, rowsToStage, stageRowsSchema } from '@/lib/import/import-schema';
import { IMPORT_FILE_ERRORS, parseImportFile, parseImportText } from '@/lib/import/parse-import';
import { checkProperty, FuzzTally, stringOf } from '../helpers/fuzz';
import { US, utf8 } from '../helpers/import-outcome';
import { assertCoherent, CSV_PIECES, NO_HEADER } from '../helpers/fuzz-import';
import {
  buildFile,
  type Delimiter,
  EXTRA_NAMES,
  type Field,
  fileSpecArb,
  HEADER_NAMES,
} from '../helpers/fuzz-import-files';

/*
 * Fuzzing the Multiple Accounts import's parser (lib/import/parse-import.ts): arbitrary text, arbitrary
 * bytes, CSV-ish token soup, and plausible files built field by field whose every row's outcome is known.
 * The parser must never throw (a whole-file problem is an { ok: false } outcome with one of the known
 * messages), and what it answers must hold together: normalized values, one reason per skipped row,
 * distinct line numbers, and rows the server's own validation and staging schema accept again.
 */

// Plausible files, built field by field (tests/helpers/fuzz-import-files.ts), whose every row's outcome is known in advance.

const tally = new FuzzTally('csv parser: files');
after(() => tally.report());

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
        if (fields.length === 0) {
          // No column named: the first line that is not blank is an account (read without a header), or neither.
          const first = header || body;
          if (first === '') assert.deepEqual(outcome, { ok: false, error: IMPORT_FILE_ERRORS.empty });
          else if (first.startsWith('Ada,')) assert.ok(outcome.ok && outcome.headerless);
          else assert.match(outcome.ok ? '' : outcome.error, NO_HEADER);
          return;
        }
        const missing = [
          ...(fields.includes('firstName') ? [] : ['First Name']),
          ...(fields.includes('lastName') ? [] : ['Last Name']),
        ];
        const expected = IMPORT_FILE_ERRORS.missingColumns(missing.length > 0 ? missing : ['Email', 'Device #']);
        assert.deepEqual(outcome, { ok: false, error: expected });
      }),
      1000,
    );
  });
});
