import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IMPORT_FILE_ERRORS, parseImportFile, parseImportText } from '@/lib/import/parse-import';
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

  it('no recognisable header: an error that names the expected columns', () => {
    const error = fileError(parseImportText('Ann,Lee,ann@example.com,\nBo,Ng,bo@example.com,\n', US));
    assert.equal(error, IMPORT_FILE_ERRORS.noHeader);
    assert.match(error, /The first line must be the header: First Name, Last Name, Email, Device #/);
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
