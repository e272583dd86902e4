import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import {
  decodeImportBytes,
  IMPORT_COLUMNS,
  parseImportFile,
  parseImportText,
  type SkippedRow,
  SKIP_REASONS,
  skippedRowsCsv,
  templateCsv,
} from '@/lib/import/parse-import';
import { DECODE_ERRORS } from '@/lib/import/decode-import-bytes';
import { rowsCsvHeader, rowsCsvLines } from '@/lib/import/import-csv-files';
import { US, utf8 } from '../helpers/import-outcome';

/** Windows-1252 bytes for a string of Latin-1 characters plus the few 0x80–0x9F ones used here. */
function cp1252(text: string): Uint8Array {
  const special: Record<string, number> = { '€': 0x80, '’': 0x92, '–': 0x96, Š: 0x8a, œ: 0x9c };
  return Uint8Array.from([...text].map((c) => special[c] ?? c.charCodeAt(0)));
}

describe('decodeImportBytes', () => {
  it('reads UTF-8 with or without BOM, the BOM stripped', () => {
    assert.deepEqual(decodeImportBytes(utf8('\ufeffFirst Name;Zoë')), {
      ok: true,
      text: 'First Name;Zoë',
      encoding: 'utf-8',
    });
    assert.deepEqual(decodeImportBytes(utf8('First Name;Zoë')), {
      ok: true,
      text: 'First Name;Zoë',
      encoding: 'utf-8',
    });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, including the 0x80–0x9F characters', () => {
    const decoded = decodeImportBytes(cp1252('Zoë O’Brien – Šœ €'));
    assert.deepEqual(decoded, { ok: true, text: 'Zoë O’Brien – Šœ €', encoding: 'windows-1252' });
  });

  it('refuses binary files: NUL bytes, mostly control characters, a workbook, UTF-16', () => {
    assert.deepEqual(decodeImportBytes(utf8('First Name,Last Name\n\0\0')), { ok: false, error: DECODE_ERRORS.binary });
    assert.deepEqual(decodeImportBytes(Uint8Array.from({ length: 400 }, (_, i) => (i % 3 ? 0x01 : 0x41))), {
      ok: false,
      error: DECODE_ERRORS.binary,
    });
    assert.deepEqual(decodeImportBytes(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), {
      ok: false,
      error: DECODE_ERRORS.workbook,
    });
    assert.deepEqual(decodeImportBytes(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00])), {
      ok: false,
      error: DECODE_ERRORS.workbook,
    });
    assert.deepEqual(decodeImportBytes(Uint8Array.from([0xff, 0xfe, 0x46, 0x00])), {
      ok: false,
      error: DECODE_ERRORS.utf16,
    });
  });

  it('parseImportFile passes a decoding error on and reports the encoding', () => {
    assert.deepEqual(
      parseImportFile(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), US),
      {
        ok: false,
        error: DECODE_ERRORS.binary,
      },
    );
    const result = parseImportFile(cp1252('First Name;Last Name;Email\r\nSeán;O’Neil;sean@example.com\r\n'), US);
    assert.ok(result.ok);
    assert.equal(result.encoding, 'windows-1252');
    assert.equal(result.rows[0]!.lastName, 'O’Neil');
  });
});

describe('templateCsv', () => {
  it('is UTF-8 with BOM, CRLF, the four columns and one example row', () => {
    const csv = templateCsv();
    assert.equal(csv, '\ufeffFirst Name,Last Name,Email,Device #\r\nJane,Doe,jane.doe@example.com,+14155550100\r\n');
    assert.deepEqual(IMPORT_COLUMNS, ['First Name', 'Last Name', 'Email', 'Device #']);
  });

  it('imports nothing as it is: the example row is skipped with its reason', () => {
    const result = parseImportFile(utf8(templateCsv()), US);
    assert.ok(result.ok);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(
      result.skipped.map((r) => [r.line, r.reason]),
      [[2, SKIP_REASONS.exampleRow]],
    );
  });
});

describe('skippedRowsCsv', () => {
  const rows: SkippedRow[] = [
    {
      line: 3,
      firstName: '',
      lastName: 'Nameless',
      email: 'a@example.com',
      deviceNumber: '',
      reason: SKIP_REASONS.missingName,
    },
    {
      line: 7,
      firstName: 'Kim, "K"',
      lastName: 'Multi\nline',
      email: '',
      deviceNumber: '4,15E+10',
      reason: SKIP_REASONS.excelMangled('4,15E+10'),
    },
    {
      line: 9,
      firstName: '=HYPERLINK("http://evil.example","x")',
      lastName: '@SUM(A1)',
      email: "-2+3+cmd|' /C calc'!A0",
      deviceNumber: '+1 (415) 555-0100',
      reason: SKIP_REASONS.invalidEmail,
    },
  ];

  it('is UTF-8 with BOM and CRLF, the four columns then Line and Reason, properly quoted', () => {
    const csv = skippedRowsCsv(rows);
    assert.ok(csv.startsWith('\ufeffFirst Name,Last Name,Email,Device #,Line,Reason\r\n'));
    assert.ok(csv.endsWith('\r\n'));
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true });
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.data[2], [
      'Kim, "K"',
      'Multi\nline',
      '',
      '4,15E+10',
      '7',
      SKIP_REASONS.excelMangled('4,15E+10'),
    ]);
  });

  it('neutralises cells a spreadsheet would run as a formula, and leaves phone numbers alone', () => {
    const parsed = Papa.parse<string[]>(skippedRowsCsv(rows).slice(1), { newline: '\r\n', skipEmptyLines: true });
    assert.deepEqual(parsed.data[3]!.slice(0, 4), [
      '\'=HYPERLINK("http://evil.example","x")',
      "'@SUM(A1)",
      "'-2+3+cmd|' /C calc'!A0",
      '+1 (415) 555-0100',
    ]);
  });

  it('can be fixed and imported again: extra columns are ignored, the apostrophes removed', () => {
    const fixed = skippedRowsCsv([
      { line: 3, firstName: '-Ann', lastName: 'Lee', email: '', deviceNumber: '+1-415-555-0126', reason: 'x' },
      { line: 4, firstName: 'Bo', lastName: 'Ng', email: 'bo@example.com', deviceNumber: '', reason: 'y' },
    ]);
    const result = parseImportText(fixed, US);
    assert.ok(result.ok);
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.firstName, r.email, r.deviceNumber]),
      [
        [2, '-Ann', null, '+14155550126'],
        [3, 'Bo', 'bo@example.com', null],
      ],
    );
  });
});

describe('the valid rows file', () => {
  it('has the four columns then Line, no Reason, formulas neutralised and E.164 numbers left alone', () => {
    const csv =
      rowsCsvHeader('valid') +
      rowsCsvLines('valid', [
        {
          line: 1,
          firstName: '=cmd()',
          lastName: 'Lee',
          email: 'ann@example.com',
          deviceNumber: '+14155550100',
          reason: '',
        },
        { line: 4, firstName: 'Bo', lastName: '@Ng', email: '', deviceNumber: '', reason: '' },
      ]);
    assert.equal(
      csv,
      '\ufeffFirst Name,Last Name,Email,Device #,Line\r\n"\'=cmd()",Lee,ann@example.com,+14155550100,1\r\nBo,"\'@Ng",,,4\r\n',
    );
    // Imported again it reads the same rows, the header recognised, the apostrophes removed.
    const result = parseImportText(csv, US);
    assert.ok(result.ok && !result.headerless);
    assert.deepEqual(
      result.rows.map((r) => [r.firstName, r.lastName]),
      [['=cmd()', 'Lee']],
    );
    assert.equal(rowsCsvLines('valid', []), '');
  });
});
