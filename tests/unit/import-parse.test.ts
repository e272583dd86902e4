import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  IMPORT_FILE_ERRORS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  type ParseOutcome,
  parseImportFile,
  parseImportText,
  SKIP_REASONS,
  validateImportRow,
} from '@/lib/import/parse-import';
import { csvFixturePath, readCsvFixture } from '../helpers/fixtures';

const US = { defaultCountry: 'US' };

const fixture = readCsvFixture;

function ok(outcome: ParseOutcome) {
  if (!outcome.ok) assert.fail(`expected rows, got the error: ${outcome.error}`);
  return outcome;
}

function failed(outcome: ParseOutcome): string {
  if (outcome.ok) assert.fail(`expected a whole-file error, got ${outcome.rows.length} rows`);
  return outcome.error;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('the shared fixtures (fixtures/README.md)', () => {
  it('template-basic.csv: 3 valid rows, email-only, device-only and both', () => {
    const result = ok(parseImportFile(fixture('template-basic.csv'), US));
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
    const result = ok(parseImportFile(fixture('excel-paste.tsv'), US));
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
    assert.deepEqual(ok(parseImportText(text, US)).rows, ok(parseImportFile(fixture('excel-paste.tsv'), US)).rows);
  });

  it('semicolon-bom-crlf.csv: 2 valid rows, names kept exactly', () => {
    const result = ok(parseImportFile(fixture('semicolon-bom-crlf.csv'), US));
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
    const result = ok(parseImportFile(fixture('windows-1252.csv'), US));
    assert.equal(result.encoding, 'windows-1252');
    assert.equal(result.delimiter, ';');
    assert.deepEqual(
      result.rows.map((r) => `${r.firstName} ${r.lastName}`),
      ['Jürgen Weiß', 'Renée Lefèvre'],
    );
    assert.deepEqual(result.skipped, []);
  });

  it('mixed-errors.csv: Gina and Liam valid, 5 rows skipped with their reasons', () => {
    const result = ok(parseImportFile(fixture('mixed-errors.csv'), US));
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
      const result = ok(parseImportText(rows(delimiter), US));
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
      const result = ok(parseImportText(rows(',', lineEnd), US));
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
    const result = ok(parseImportText(text, US));
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
    const result = ok(parseImportText(text, US));
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
    const result = ok(parseImportText('First Name,Last Name,Email\n  Ann  ," Lee ",  ANN@Example.COM  \n', US));
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
    assert.equal(failed(parseImportText(text, US)), IMPORT_FILE_ERRORS.malformedQuotes(4));
  });

  it('a quoted value closed wrongly is a whole-file error naming its line', () => {
    // papaparse reads on to the next quote: "Ann"x,… swallows the lines below it.
    const text =
      'First Name,Last Name,Email\nCy,Dee,cy@example.com\n"Ann"x,Lee,ann@example.com"\nBo,Ng,bo@example.com\n';
    assert.equal(failed(parseImportText(text, US)), IMPORT_FILE_ERRORS.malformedQuotes(3));
  });

  it('spaces after a closing quote and a quote inside an unquoted value are fine', () => {
    const result = ok(
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
    const result = ok(parseImportText(text, US));
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
    const result = ok(
      parseImportText('First Name,Last Name,Email,Notes\n,,,just a note\nAnn,Lee,ann@example.com,\n', US),
    );
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(
      result.rows.map((r) => r.line),
      [3],
    );
  });
});

describe('the header', () => {
  it('reads header names in any case, spacing and order, and ignores extra columns', () => {
    const text =
      'Notes,DEVICE NUMBER,e-mail,last_name,Department,FirstName\nx,(415) 555-0113,Ann@Example.com,Lee,Sales,Ann\n';
    const result = ok(parseImportText(text, US));
    assert.deepEqual(result.rows[0], {
      line: 2,
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      deviceNumber: '+14155550113',
    });
  });

  for (const header of [
    'first name,last name,email address,device #',
    'First_Name,Last_Name,E-Mail,Device',
    'FIRST NAME *,Last Name *,Email Address,Device No.',
    'First,Last,Mail,Mobile',
    'Given Name,Surname,Email,Phone Number',
    '"First Name","Last Name","Email","Device #"',
  ]) {
    it(`recognises "${header}"`, () => {
      const result = ok(parseImportText(`${header}\nAnn,Lee,ann@example.com,+1 415 555 0114\n`, US));
      assert.deepEqual(result.rows[0], {
        line: 2,
        firstName: 'Ann',
        lastName: 'Lee',
        email: 'ann@example.com',
        deviceNumber: '+14155550114',
      });
    });
  }

  it('prefers the template name over an alias when a file has both ("Device #" over "Phone")', () => {
    const result = ok(
      parseImportText('First Name,Last Name,Phone,Device #\nAnn,Lee,+1 212 555 0100,+1 415 555 0115\n', US),
    );
    assert.equal(result.rows[0]!.deviceNumber, '+14155550115');
  });

  it('needs only one of Email and Device #', () => {
    assert.equal(ok(parseImportText('First Name,Last Name,Email\nAnn,Lee,ann@example.com\n', US)).rows.length, 1);
    assert.equal(ok(parseImportText('First Name,Last Name,Device #\nAnn,Lee,4155550116\n', US)).rows.length, 1);
  });

  it('no recognisable header: an error that names the expected columns', () => {
    const error = failed(parseImportText('Ann,Lee,ann@example.com,\nBo,Ng,bo@example.com,\n', US));
    assert.equal(error, IMPORT_FILE_ERRORS.noHeader);
    assert.match(error, /The first line must be the header: First Name, Last Name, Email, Device #/);
  });

  it('a header without Last Name, or without both Email and Device #: an error naming what is missing', () => {
    assert.equal(
      failed(parseImportText('First Name,Email\nAnn,ann@example.com\n', US)),
      IMPORT_FILE_ERRORS.missingColumns(['Last Name']),
    );
    assert.equal(
      failed(parseImportText('First Name,Last Name,Department\nAnn,Lee,Sales\n', US)),
      IMPORT_FILE_ERRORS.missingColumns(['Email', 'Device #']),
    );
    assert.match(IMPORT_FILE_ERRORS.missingColumns(['Last Name']), /no Last Name column/);
  });

  it('empty text, blank text and a lone BOM are "empty"; a header alone is "header only"', () => {
    for (const text of ['', '\n\n', '  \r\n ;;; \r\n', '\ufeff']) {
      assert.equal(failed(parseImportText(text, US)), IMPORT_FILE_ERRORS.empty, JSON.stringify(text));
    }
    assert.equal(failed(parseImportFile(new Uint8Array(0), US)), IMPORT_FILE_ERRORS.empty);
    assert.equal(failed(parseImportFile(utf8('\ufeff'), US)), IMPORT_FILE_ERRORS.empty);
    assert.equal(
      failed(parseImportText('First Name,Last Name,Email,Device #\r\n\r\n,,,\r\n', US)),
      IMPORT_FILE_ERRORS.headerOnly,
    );
  });
});

describe('row rules', () => {
  const header = 'First Name,Last Name,Email,Device #\n';
  const skippedReasons = (body: string, country = 'US') =>
    ok(parseImportText(header + body, { defaultCountry: country })).skipped.map((r) => r.reason);

  it('missing name, missing contact, invalid email, invalid phone, too long a name', () => {
    assert.deepEqual(
      skippedReasons(
        [
          'Ann,,ann@example.com,',
          ',Lee,ann@example.com,',
          'Ann,Lee,,',
          'Ann,Lee,ann@,',
          'Ann,Lee,ann.example.com,',
          'Ann,Lee,,12345',
          'Ann,Lee,,not a number',
          'Ann,Lee,,ann@example.com',
          `${'A'.repeat(101)},Lee,ann@example.com,`,
        ].join('\n'),
      ),
      [
        SKIP_REASONS.missingName,
        SKIP_REASONS.missingName,
        SKIP_REASONS.missingContact,
        SKIP_REASONS.invalidEmail,
        SKIP_REASONS.invalidEmail,
        SKIP_REASONS.invalidPhone,
        SKIP_REASONS.invalidPhone,
        SKIP_REASONS.invalidPhone,
        SKIP_REASONS.nameTooLong,
      ],
    );
  });

  it('a row with an email and a device # keeps both; a bad one of the two skips the row', () => {
    const result = ok(
      parseImportText(header + 'Ann,Lee,ann@example.com,+44 20 7946 0958\nBo,Ng,bo@example.com,999\n', US),
    );
    assert.deepEqual(result.rows[0], {
      line: 2,
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      deviceNumber: '+442079460958',
    });
    assert.deepEqual(
      result.skipped.map((r) => r.reason),
      [SKIP_REASONS.invalidPhone],
    );
  });

  it('reads national numbers in the tenant country', () => {
    const result = ok(
      parseImportText(header + 'Ann,Lee,,030 1234567\nBo,Ng,,0151 23456789\n', { defaultCountry: 'de' }),
    );
    assert.deepEqual(
      result.rows.map((r) => r.deviceNumber),
      ['+49301234567', '+4915123456789'],
    );
  });

  it('duplicates in the file: same email in any case, or same number in any format; the later row names the first', () => {
    const result = ok(
      parseImportText(
        header +
          [
            'Ann,Lee,ann@example.com,+1 415 555 0120',
            'Ann,Lee,ANN@example.com,', // line 3: email of line 2
            'Bo,Ng,,(415) 555-0120', // line 4: number of line 2
            'Cy,Dee,cy@example.com,4155550121',
            'Di,Eve,di@example.com,+14155550121', // line 6: number of line 5
            'Ed,Fox,ed@example.com,',
          ].join('\n'),
        US,
      ),
    );
    assert.deepEqual(
      result.rows.map((r) => r.line),
      [2, 5, 7],
    );
    assert.deepEqual(
      result.skipped.map((r) => [r.line, r.reason]),
      [
        [3, SKIP_REASONS.duplicateInFile(2)],
        [4, SKIP_REASONS.duplicateInFile(2)],
        [6, SKIP_REASONS.duplicateInFile(5)],
      ],
    );
  });

  it('a duplicate row still claims its other value, as the commit does over all staged rows', () => {
    const result = ok(
      parseImportText(
        header +
          'Ann,Lee,ann@example.com,+1 415 555 0130\nBo,Ng,bo@example.com,+1 415 555 0130\nCy,Dee,BO@example.com,\n',
        US,
      ),
    );
    assert.deepEqual(
      result.skipped.map((r) => [r.line, r.reason]),
      [
        [3, SKIP_REASONS.duplicateInFile(2)],
        [4, SKIP_REASONS.duplicateInFile(3)],
      ],
    );
  });

  it('an invalid row does not make later rows duplicates', () => {
    const result = ok(parseImportText(header + ',Lee,ann@example.com,\nAnn,Lee,ann@example.com,\n', US));
    assert.deepEqual(
      result.rows.map((r) => r.line),
      [3],
    );
  });

  it('Excel scientific notation is reported, never imported', () => {
    for (const value of ['4.15E+10', '1.23457e+11', '4.4208E+11', '1E+10', '"4,15E+10"']) {
      const shown = value.replaceAll('"', '');
      assert.deepEqual(skippedReasons(`Ann,Lee,,${value}\n`), [SKIP_REASONS.excelMangled(shown)], value);
    }
    // What European Excel writes: semicolons and a decimal comma.
    const european = ok(parseImportText('First Name;Last Name;Email;Device #\nAnn;Lee;;4,15E+10\n', US));
    assert.deepEqual(
      european.skipped.map((r) => r.reason),
      [SKIP_REASONS.excelMangled('4,15E+10')],
    );
    assert.match(SKIP_REASONS.excelMangled('4.15E+10'), /format the Device # column as Text/);
  });

  it('a number that lost its leading + is reported with the fix', () => {
    assert.deepEqual(skippedReasons('Ann,Lee,,442079460958\n'), [SKIP_REASONS.lostPlus('442079460958')]);
    assert.deepEqual(skippedReasons('Ann,Lee,,390612345678\n'), [SKIP_REASONS.lostPlus('390612345678')]);
    assert.match(SKIP_REASONS.lostPlus('442079460958'), /\+442079460958/);
  });

  it('a number that lost its leading 0 is reported with the fix', () => {
    // Italian landlines keep their 0 after the country code: 06 12345678 is +39 06 12345678.
    assert.deepEqual(skippedReasons('Ann,Lee,,612345678\n', 'IT'), [SKIP_REASONS.lostZero('612345678')]);
    assert.match(SKIP_REASONS.lostZero('612345678'), /0612345678/);
  });

  it('digits valid both as a national number and as an international one without its + are reported', () => {
    // In Germany "4915123456789" is +49 15123456789 that lost its +, or 0491 5123456789 that lost its 0.
    assert.deepEqual(skippedReasons('Ann,Lee,,4915123456789\n', 'DE'), [SKIP_REASONS.lostPlusOrZero('4915123456789')]);
  });

  it('bare digits that read the same either way are imported', () => {
    const result = ok(parseImportText(header + 'Ann,Lee,,14155550122\nBo,Ng,,4155550123\n', US));
    assert.deepEqual(
      result.rows.map((r) => r.deviceNumber),
      ['+14155550122', '+14155550123'],
    );
  });

  it('skips the template example row, also once Excel has dropped its +, and says why', () => {
    const result = ok(
      parseImportText(
        header +
          'Jane,Doe,jane.doe@example.com,+14155550100\nJane,Doe,Jane.Doe@example.com,14155550100\nAnn,Lee,ann@example.com,\n',
        US,
      ),
    );
    assert.deepEqual(
      result.skipped.map((r) => [r.line, r.reason]),
      [
        [2, SKIP_REASONS.exampleRow],
        [3, SKIP_REASONS.exampleRow],
      ],
    );
    assert.equal(
      SKIP_REASONS.exampleRow,
      'Example row from the template: delete it, or leave it: it is never imported.',
    );
  });

  it('removes the apostrophe that "Download skipped rows" puts before a formula-like value', () => {
    const result = ok(parseImportText(header + "'-Ann,Lee,,'+1-415-555-0124\n", US));
    assert.deepEqual(result.rows[0], {
      line: 2,
      firstName: '-Ann',
      lastName: 'Lee',
      email: null,
      deviceNumber: '+14155550124',
    });
  });
});

describe('limits', () => {
  it(`takes ${IMPORT_MAX_ROWS} rows and refuses one more, naming the limit`, () => {
    const lines = ['First Name,Last Name,Email'];
    for (let i = 0; i < IMPORT_MAX_ROWS; i++) lines.push(`F${i},L${i},u${i}@example.com`);
    lines.push('', '');
    const atLimit = ok(parseImportText(lines.join('\n'), US));
    assert.equal(atLimit.rows.length, IMPORT_MAX_ROWS);

    lines.push('One,More,one.more@example.com');
    const error = failed(parseImportText(lines.join('\n'), US));
    assert.equal(error, IMPORT_FILE_ERRORS.tooManyRows);
    assert.match(error, /50,000 rows/);
  });

  it(`refuses more than ${IMPORT_MAX_BYTES} bytes (a file) or characters (pasted), naming the limit`, () => {
    const header = 'First Name,Last Name,Email\n';
    const big = new Uint8Array(IMPORT_MAX_BYTES + 1).fill(0x20);
    big.set(utf8(header));
    assert.equal(failed(parseImportFile(big, US)), IMPORT_FILE_ERRORS.tooLarge);
    assert.match(IMPORT_FILE_ERRORS.tooLarge, /10 MB/);
    assert.equal(failed(parseImportText(header + ' '.repeat(IMPORT_MAX_BYTES), US)), IMPORT_FILE_ERRORS.tooLarge);
    // Exactly at the limit is read (the padding is one blank line).
    const atLimit = new Uint8Array(IMPORT_MAX_BYTES).fill(0x20);
    atLimit.set(utf8(header + 'Ann,Lee,ann@example.com\n'));
    assert.equal(ok(parseImportFile(atLimit, US)).rows.length, 1);
  });
});

describe('validateImportRow (the server re-validates every staged row)', () => {
  const row = (firstName: string, lastName: string, email: string, deviceNumber: string) => ({
    line: 9,
    firstName,
    lastName,
    email,
    deviceNumber,
  });

  it('normalizes a valid row', () => {
    assert.deepEqual(validateImportRow(row(' Ann ', 'Lee', ' Ann@Example.COM ', ' (415) 555-0125 '), 'US'), {
      ok: true,
      row: { line: 9, firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', deviceNumber: '+14155550125' },
    });
  });

  it('gives the same reasons as the file', () => {
    const reason = (r: ReturnType<typeof validateImportRow>) => (r.ok ? null : r.reason);
    assert.equal(reason(validateImportRow(row('', 'Lee', 'ann@example.com', ''), 'US')), SKIP_REASONS.missingName);
    assert.equal(reason(validateImportRow(row('Ann', 'Lee', '', ''), 'US')), SKIP_REASONS.missingContact);
    assert.equal(reason(validateImportRow(row('Ann', 'Lee', 'nope', ''), 'US')), SKIP_REASONS.invalidEmail);
    assert.equal(
      reason(validateImportRow(row('Ann', 'Lee', `${'a'.repeat(250)}@example.com`, ''), 'US')),
      SKIP_REASONS.invalidEmail,
    );
    assert.equal(
      reason(validateImportRow(row('Ann', 'Lee', '', '4.15E+10'), 'US')),
      SKIP_REASONS.excelMangled('4.15E+10'),
    );
    assert.equal(reason(validateImportRow(row('Ann', 'Lee', '', '123'), 'US')), SKIP_REASONS.invalidPhone);
    assert.equal(
      reason(validateImportRow(row('Jane', 'Doe', 'jane.doe@example.com', '+14155550100'), 'US')),
      SKIP_REASONS.exampleRow,
    );
  });

  it('has no duplicate check of its own', () => {
    assert.equal(validateImportRow(row('Ann', 'Lee', 'ann@example.com', ''), 'US').ok, true);
    assert.equal(validateImportRow(row('Ann', 'Lee', 'ann@example.com', ''), 'US').ok, true);
  });
});
