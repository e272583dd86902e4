import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IMPORT_FILE_ERRORS, parseImportFile, parseImportText, SKIP_REASONS } from '@/lib/import/parse-import';
import { fileError, parsedRows, US, utf8 } from '../helpers/import-outcome';

// lib/import/import-header.ts, through the parser: finding the header and its columns.

describe('the header', () => {
  it('reads header names in any case, spacing and order, and ignores extra columns', () => {
    const text =
      'Notes,DEVICE NUMBER,e-mail,last_name,Department,FirstName\nx,(415) 555-0113,Ann@Example.com,Lee,Sales,Ann\n';
    const result = parsedRows(parseImportText(text, US));
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
      const result = parsedRows(parseImportText(`${header}\nAnn,Lee,ann@example.com,+1 415 555 0114\n`, US));
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
    const result = parsedRows(
      parseImportText('First Name,Last Name,Phone,Device #\nAnn,Lee,+1 212 555 0100,+1 415 555 0115\n', US),
    );
    assert.equal(result.rows[0]!.deviceNumber, '+14155550115');
  });

  it('needs only one of Email and Device #', () => {
    assert.equal(
      parsedRows(parseImportText('First Name,Last Name,Email\nAnn,Lee,ann@example.com\n', US)).rows.length,
      1,
    );
    assert.equal(parsedRows(parseImportText('First Name,Last Name,Device #\nAnn,Lee,4155550116\n', US)).rows.length, 1);
  });

  it('a first line that is neither a header nor an account: an error that says why and what to do', () => {
    const error = fileError(parseImportText('Users of March\nAnn,Lee,ann@example.com,\n', US));
    assert.equal(error, IMPORT_FILE_ERRORS.noHeader(SKIP_REASONS.missingName));
    assert.match(error, /^The first line is neither a header line nor a valid account \(First Name and Last Name/);
    assert.match(error, /header line \(First Name, Last Name, Email, Device #, in any order\)/);
    // A first row of data with a bad email is not guessed past either.
    assert.equal(
      fileError(parseImportText('Ann,Lee,ann@example,\nBo,Ng,bo@example.com,\n', US)),
      IMPORT_FILE_ERRORS.noHeader(SKIP_REASONS.invalidEmail),
    );
  });

  it('a header without Last Name, or without both Email and Device #: an error naming what is missing', () => {
    assert.equal(
      fileError(parseImportText('First Name,Email\nAnn,ann@example.com\n', US)),
      IMPORT_FILE_ERRORS.missingColumns(['Last Name']),
    );
    assert.equal(
      fileError(parseImportText('First Name,Last Name,Department\nAnn,Lee,Sales\n', US)),
      IMPORT_FILE_ERRORS.missingColumns(['Email', 'Device #']),
    );
    assert.match(IMPORT_FILE_ERRORS.missingColumns(['Last Name']), /no Last Name column/);
  });

  it('empty text, blank text and a lone BOM are "empty"; a header alone is "header only"', () => {
    for (const text of ['', '\n\n', '  \r\n ;;; \r\n', '\ufeff']) {
      assert.equal(fileError(parseImportText(text, US)), IMPORT_FILE_ERRORS.empty, JSON.stringify(text));
    }
    assert.equal(fileError(parseImportFile(new Uint8Array(0), US)), IMPORT_FILE_ERRORS.empty);
    assert.equal(fileError(parseImportFile(utf8('\ufeff'), US)), IMPORT_FILE_ERRORS.empty);
    assert.equal(
      fileError(parseImportText('First Name,Last Name,Email,Device #\r\n\r\n,,,\r\n', US)),
      IMPORT_FILE_ERRORS.headerOnly,
    );
  });
});

describe('rows without a header line', () => {
  const ann = { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', deviceNumber: '+14155550114' };
  const bo = { firstName: 'Bo', lastName: 'Ng', email: 'bo@example.com', deviceNumber: null };

  it('pasted from Excel (tab-separated): read in the template order, the first line kept as line 1', () => {
    const result = parsedRows(
      parseImportText('Ann\tLee\tann@example.com\t(415) 555-0114\nBo\tNg\tbo@example.com\t\n', US),
    );
    assert.equal(result.headerless, true);
    assert.equal(result.delimiter, '\t');
    assert.deepEqual(result.rows, [
      { line: 1, ...ann },
      { line: 2, ...bo },
    ]);
  });

  it('a CSV file without a header (BOM, CRLF, blank lines above, a quoted comma in a name)', () => {
    const text = '\ufeff\r\n"Lee, Jr.",Ann,ann@example.com,+1 415 555 0114\r\nBo,Ng,bo@example.com\r\n';
    const result = parsedRows(parseImportFile(utf8(text), US));
    assert.equal(result.headerless, true);
    assert.equal(result.delimiter, ',');
    assert.deepEqual(result.rows, [
      { line: 2, ...ann, firstName: 'Lee, Jr.', lastName: 'Ann' },
      { line: 3, ...bo },
    ]);
  });

  it('semicolons, and a later bad row is skipped with its reason as usual', () => {
    const result = parsedRows(parseImportText('Ann;Lee;ann@example.com;\nBo;;bo@example.com;\n', US));
    assert.equal(result.delimiter, ';');
    assert.deepEqual(
      result.skipped.map((r) => [r.line, r.reason]),
      [[2, SKIP_REASONS.missingName]],
    );
  });

  it('only a Device #, in the fourth column', () => {
    const result = parsedRows(parseImportText('Ann,Lee,,4155550114\n', US));
    assert.deepEqual(result.rows, [{ line: 1, ...ann, email: null }]);
  });

  it('a header in odd case and spacing is still a header, not a row', () => {
    const result = parsedRows(
      parseImportText('  fIRST   nAME ,LAST name,EMAIL,device #\nAnn,Lee,ann@example.com,\n', US),
    );
    assert.equal(result.headerless, false);
    assert.deepEqual(result.rows, [{ line: 2, ...ann, deviceNumber: null }]);
  });

  it('a data line whose names look like header names is still data', () => {
    const result = parsedRows(parseImportText('First,Mobile,first.mobile@example.com,\n', US));
    assert.equal(result.headerless, true);
    assert.deepEqual(result.rows[0], {
      line: 1,
      firstName: 'First',
      lastName: 'Mobile',
      email: 'first.mobile@example.com',
      deviceNumber: null,
    });
  });
});
