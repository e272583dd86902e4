import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImportText, SKIP_REASONS, validateImportRow } from '@/lib/import/parse-import';
import { parsedRows, US } from '../helpers/import-outcome';

// lib/import/validate-import-row.ts: the rules of a row, through the parser and as the server re-applies them.

describe('row rules', () => {
  const header = 'First Name,Last Name,Email,Device #\n';
  const skippedReasons = (body: string, country = 'US') =>
    parsedRows(parseImportText(header + body, { defaultCountry: country })).skipped.map((r) => r.reason);

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
    const result = parsedRows(
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
    const result = parsedRows(
      parseImportText(header + 'Ann,Lee,,030 1234567\nBo,Ng,,0151 23456789\n', { defaultCountry: 'de' }),
    );
    assert.deepEqual(
      result.rows.map((r) => r.deviceNumber),
      ['+49301234567', '+4915123456789'],
    );
  });

  it('duplicates in the file: same email in any case, or same number in any format; the later row names the first', () => {
    const result = parsedRows(
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
    const result = parsedRows(
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
    const result = parsedRows(parseImportText(header + ',Lee,ann@example.com,\nAnn,Lee,ann@example.com,\n', US));
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
    const european = parsedRows(parseImportText('First Name;Last Name;Email;Device #\nAnn;Lee;;4,15E+10\n', US));
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
    const result = parsedRows(parseImportText(header + 'Ann,Lee,,14155550122\nBo,Ng,,4155550123\n', US));
    assert.deepEqual(
      result.rows.map((r) => r.deviceNumber),
      ['+14155550122', '+14155550123'],
    );
  });

  it('skips the template example row, also once Excel has dropped its +, and says why', () => {
    const result = parsedRows(
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
    const result = parsedRows(parseImportText(header + "'-Ann,Lee,,'+1-415-555-0124\n", US));
    assert.deepEqual(result.rows[0], {
      line: 2,
      firstName: '-Ann',
      lastName: 'Lee',
      email: null,
      deviceNumber: '+14155550124',
    });
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
