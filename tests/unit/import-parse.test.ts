import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  IMPORT_FILE_ERRORS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  parseImportFile,
  parseImportText,
  SKIP_REASONS,
} from '@/lib/import/parse-import';
import { csvFixturePath, readCsvFixture } from '../helpers/fixtures';
import { fileError, parsedRows, US, utf8 } from '../helpers/import-outcome';

// lib/import/parse-import.ts: the fixtures end to end, delimiters, quoting and line ends, limits.
// The header: import-header.test.ts; the rules of a row: validate-import-row.test.ts.

const fixture = readCsvFixture;

describe('the shared fixtures (fixtures/README.md)', () => {
  it('template-basic.csv: 3 valid rows, email-only, device-only and both', () => {
    const result = parsedRows(parseImportFile(fixture('template-basic.csv'), US));
    assert.deepEqual(result.rows, [
      { line: 2, firstName: 'Alice', lastName: 'Anders', email: 'alice.anders@example.com', deviceNumber: null },
      { line: 3, firstName: 'Bob', lastName: 'Brown', email: null, deviceNumber: '+14155550201' },
      { line: 4, firstName: 'Carol', lastName: 'Chen', email: 'carol.chen@example.com', deviceNumber: '+14155550202' },
    ]);
    assert.deepEqual(result.skipped, []);
    assert.equal(result.delimiter, ',');
    assert.equal(result.encoding, 'utf-8');
  });

  it('excel-paste.tsv: 2 valid rows, tab-separated', () => {
    const result = parsedRows(parseImportFile(fixture('excel-paste.tsv'), US));
    assert.equal(result.delimiter, '\t');
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.firstName, r.email]),
      [
        [2, 'Diego', 'diego.diaz@example.com'],
        [3, 'Erin', 'erin.evans@example.com'],
      ],
    );
    assert.deepEqual(result.skipped, []);
  });

  it('excel-paste.tsv pasted as text gives the same rows', () => {
    const text = readFileSync(csvFixturePath('excel-paste.tsv'), 'utf8');
    assert.deepEqual(
      parsedRows(parseImportText(text, US)).rows,
      parsedRows(parseImportFile(fixture('excel-paste.tsv'), US)).rows,
    );
  });

  it('semicolon-bom-crlf.csv: 2 valid rows, names kept exactly', () => {
    const result = parsedRows(parseImportFile(fixture('semicolon-bom-crlf.csv'), US));
    assert.equal(result.delimiter, ';');
    assert.equal(result.encoding, 'utf-8');
    assert.deepEqual(
      result.rows.map((r) => `${r.firstName} ${r.lastName}`),
      ['François Müller', 'José García'],
    );
    assert.equal(result.rows[1]!.deviceNumber, '+34600000001');
    assert.deepEqual(result.skipped, []);
  });

  it('windows-1252.csv: 2 valid rows, names decoded', () => {
    const result = parsedRows(parseImportFile(fixture('windows-1252.csv'), US));
    assert.equal(result.encoding, 'windows-1252');
    assert.equal(result.delimiter, ';');
    assert.deepEqual(
      result.rows.map((r) => `${r.firstName} ${r.lastName}`),
      ['Jürgen Weiß', 'Renée Lefèvre'],
    );
    assert.deepEqual(result.skipped, []);
  });

  it('mixed-errors.csv: Gina and Liam valid, 5 rows skipped with their reasons', () => {
    const result = parsedRows(parseImportFile(fixture('mixed-errors.csv'), US));
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.firstName]),
      [
        [2, 'Gina'],
        [8, 'Liam'],
      ],
    );
    assert.deepEqual(
      result.skipped.map((r) => [r.line, r.firstName, r.reason]),
      [
        [3, '', SKIP_REASONS.missingName],
        [4, 'Hank', SKIP_REASONS.invalidEmail],
        [5, 'Ivy', SKIP_REASONS.invalidPhone],
        [6, 'Jack', SKIP_REASONS.duplicateInFile(2)],
        [7, 'Kim', SKIP_REASONS.excelMangled('4.15E+10')],
      ],
    );
    // Skipped rows keep the values as the file had them, for "Download skipped rows".
    assert.deepEqual(result.skipped[4], {
      line: 7,
      firstName: 'Kim',
      lastName: 'Kaur',
      email: '',
      deviceNumber: '4.15E+10',
      reason: SKIP_REASONS.excelMangled('4.15E+10'),
    });
  });
});

describe('delimiters, quoting and line ends', () => {
  const rows = (delimiter: string, lineEnd = '\n') =>
    ['First Name', 'Last Name', 'Email', 'Device #'].join(delimiter) +
    lineEnd +
    ['Ann', 'Lee', 'ann@example.com', ''].join(delimiter) +
    lineEnd +
    ['Bo', 'Ng', '', '+1 415 555 0111'].join(delimiter) +
    lineEnd;

  for (const [delimiter, name] of [
    [',', 'comma'],
    [';', 'semicolon'],
    ['\t', 'tab'],
  ] as const) {
    it(`detects the ${name} from the header`, () => {
      const result = parsedRows(parseImportText(rows(delimiter), US));
      assert.equal(result.delimiter, delimiter);
      assert.deepEqual(
        result.rows.map((r) => [r.line, r.email, r.deviceNumber]),
        [
          [2, 'ann@example.com', null],
          [3, null, '+14155550111'],
        ],
      );
    });
  }

  for (const [lineEnd, name] of [
    ['\r\n', 'CRLF'],
    ['\r', 'CR'],
    ['\n', 'LF'],
  ] as const) {
    it(`reads ${name} line ends`, () => {
      const result = parsedRows(parseImportText(rows(',', lineEnd), US));
      assert.deepEqual(
        result.rows.map((r) => [r.line, r.lastName]),
        [
          [2, 'Lee'],
          [3, 'Ng'],
        ],
      );
    });
  }

  it('picks the delimiter that recognises the most columns, even when another one also splits the header', () => {
    // A comma inside a semicolon file's header: ',' finds Email only, ';' three columns.
    const text = 'Email,Notes;First Name;Last Name;Device #\nx,y;Ann;Lee;4155550127\n';
    const result = parsedRows(parseImportText(text, US));
    assert.equal(result.delimiter, ';');
    assert.deepEqual(result.rows[0], {
      line: 2,
      firstName: 'Ann',
      lastName: 'Lee',
      email: null,
      deviceNumber: '+14155550127',
    });
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields, and counts the physical lines', () => {
    const text = [
      'First Name,Last Name,Email,Device #',
      '"Ann, Jr.","O""Neil",ann@example.com,',
      '"Multi',
      'line","Name',
      '',
      'here",multi@example.com,',
      'Cy,Dee,cy@example.com,"+1 (415) 555-0112"',
    ].join('\r\n');
    const result = parsedRows(parseImportText(text, US));
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.firstName, r.lastName]),
      [
        [2, 'Ann, Jr.', 'O"Neil'],
        [3, 'Multi\nline', 'Name\n\nhere'],
        [7, 'Cy', 'Dee'],
      ],
    );
    assert.equal(result.rows[2]!.deviceNumber, '+14155550112');
  });

  it('trims every value, quoted or not', () => {
    const result = parsedRows(parseImportText('First Name,Last Name,Email\n  Ann  ," Lee ",  ANN@Example.COM  \n', US));
    assert.deepEqual(result.rows[0], {
      line: 2,
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      deviceNumber: null,
    });
  });

  it('a quote that is never closed is a whole-file error naming its line', () => {
    const text =
      'First Name,Last Name,Email\nAnn,Lee,ann@example.com\n\n"Bob,Brown,bob@example.com\nCy,Dee,cy@example.com\n';
    assert.equal(fileError(parseImportText(text, US)), IMPORT_FILE_ERRORS.malformedQuotes(4));
  });

  it('a quoted value closed wrongly is a whole-file error naming its line', () => {
    // papaparse reads on to the next quote: "Ann"x,… swallows the lines below it.
    const text =
      'First Name,Last Name,Email\nCy,Dee,cy@example.com\n"Ann"x,Lee,ann@example.com"\nBo,Ng,bo@example.com\n';
    assert.equal(fileError(parseImportText(text, US)), IMPORT_FILE_ERRORS.malformedQuotes(3));
  });

  it('spaces after a closing quote and a quote inside an unquoted value are fine', () => {
    const result = parsedRows(
      parseImportText('First Name,Last Name,Email\n"Ann"  ,Lee,ann@example.com\nBo,N"g,bo@example.com\n', US),
    );
    assert.deepEqual(
      result.rows.map((r) => [r.firstName, r.lastName]),
      [
        ['Ann', 'Lee'],
        ['Bo', 'N"g'],
      ],
    );
  });

  it('ignores blank lines, whitespace-only lines and delimiter-only lines anywhere, keeping line numbers', () => {
    const text =
      '\n  \nFirst Name;Last Name;Email;Device #\n;;;\nAnn;Lee;ann@example.com;\n\n   \n;;  ;\nBo;Ng;bo@example.com;\n;;;\n\n\n';
    const result = parsedRows(parseImportText(text, US));
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.firstName]),
      [
        [5, 'Ann'],
        [9, 'Bo'],
      ],
    );
    assert.deepEqual(result.skipped, []);
  });

  it('a row with nothing in the four columns but something in an extra column is not a row', () => {
    const result = parsedRows(
      parseImportText('First Name,Last Name,Email,Notes\n,,,just a note\nAnn,Lee,ann@example.com,\n', US),
    );
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(
      result.rows.map((r) => r.line),
      [3],
    );
  });
});

describe('limits', () => {
  it(`takes ${IMPORT_MAX_ROWS} rows and refuses one more, naming the limit`, () => {
    const lines = ['First Name,Last Name,Email'];
    for (let i = 0; i < IMPORT_MAX_ROWS; i++) lines.push(`F${i},L${i},u${i}@example.com`);
    lines.push('', '');
    const atLimit = parsedRows(parseImportText(lines.join('\n'), US));
    assert.equal(atLimit.rows.length, IMPORT_MAX_ROWS);

    lines.push('One,More,one.more@example.com');
    const error = fileError(parseImportText(lines.join('\n'), US));
    assert.equal(error, IMPORT_FILE_ERRORS.tooManyRows);
    assert.match(error, /50,000 rows/);
  });

  it(`refuses more than ${IMPORT_MAX_BYTES} bytes (a file) or characters (pasted), naming the limit`, () => {
    const header = 'First Name,Last Name,Email\n';
    const big = new Uint8Array(IMPORT_MAX_BYTES + 1).fill(0x20);
    big.set(utf8(header));
    assert.equal(fileError(parseImportFile(big, US)), IMPORT_FILE_ERRORS.tooLarge);
    assert.match(IMPORT_FILE_ERRORS.tooLarge, /10 MB/);
    assert.equal(fileError(parseImportText(header + ' '.repeat(IMPORT_MAX_BYTES), US)), IMPORT_FILE_ERRORS.tooLarge);
    // Exactly at the limit is read (the padding is one blank line).
    const atLimit = new Uint8Array(IMPORT_MAX_BYTES).fill(0x20);
    atLimit.set(utf8(header + 'Ann,Lee,ann@example.com\n'));
    assert.equal(parsedRows(parseImportFile(atLimit, US)).rows.length, 1);
  });
});
