import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { IMPORT_FILE_ERRORS, IMPORT_MAX_BYTES, parseImportFile, parseImportText } from '@/lib/import/parse-import';
import { checkProperty, FuzzTally, stringOf } from '../helpers/fuzz';
import { US, utf8 } from '../helpers/import-outcome';
import { assertCoherent, CSV_PIECES, parseSafely } from '../helpers/fuzz-import';

/*
 * Fuzzing the Multiple Accounts import's parser (lib/import/parse-import.ts): arbitrary text, arbitrary
 * bytes, CSV-ish token soup, and plausible files built field by field whose every row's outcome is known.
 * The parser must never throw (a whole-file problem is an { ok: false } outcome with one of the known
 * messages), and what it answers must hold together: normalized values, one reason per skipped row,
 * distinct line numbers, and rows the server's own validation and staging schema accept again.
 */

// Bytes and sizes (lib/import/decode-import-bytes.ts and the size limit).

const tally = new FuzzTally('csv parser: bytes');
after(() => tally.report());

describe('fuzz: CSV parser never throws, and answers coherently', () => {
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
