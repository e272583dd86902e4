import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseImportText } from '@/lib/import/parse-import';
import { anyText, checkProperty, FuzzTally, stringOf } from '../helpers/fuzz';
import { US } from '../helpers/import-outcome';
import { assertCoherent, CSV_PIECES, parseSafely } from '../helpers/fuzz-import';

/*
 * Fuzzing the Multiple Accounts import's parser (lib/import/parse-import.ts): arbitrary text, arbitrary
 * bytes, CSV-ish token soup, and plausible files built field by field whose every row's outcome is known.
 * The parser must never throw (a whole-file problem is an { ok: false } outcome with one of the known
 * messages), and what it answers must hold together: normalized values, one reason per skipped row,
 * distinct line numbers, and rows the server's own validation and staging schema accept again.
 */

// Text: this file. Bytes and sizes: fuzz-csv-parser-bytes.test.ts. Plausible files: fuzz-csv-parser-files.test.ts.

const tally = new FuzzTally('csv parser: text');
after(() => tally.report());

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
});
