import fc from 'fast-check';
import {
  IMPORT_FILE_ERRORS,
  IMPORT_MAX_NAME_LENGTH,
  type ParseOutcome,
  SKIP_REASONS,
  type SkippedRow,
  TEMPLATE_EXAMPLE,
  type ValidRow,
} from '@/lib/import/parse-import';

/*
 * Plausible import files for the CSV parser's fuzz tests, built field by field, whose every row's
 * outcome is known in advance (buildFile answers the file's text and the outcome expected of it).
 */

export type Field = 'firstName' | 'lastName' | 'email' | 'deviceNumber';
export type Delimiter = ',' | ';' | '\t';

/** Names the header may give each column: the template's, spelling variants, and the recognised aliases. */
export const HEADER_NAMES: Record<Field, string[]> = {
  firstName: ['First Name', 'first_name', 'FirstName', 'FIRST NAME *', 'Given Name', 'Forename'],
  lastName: ['Last Name', 'last_name', 'LastName', 'Surname', 'Family Name'],
  email: ['Email', 'E-mail', 'email address', 'EMAIL', 'Mail'],
  deviceNumber: ['Device #', 'Device Number', 'device', 'Mobile', 'Phone Number', 'Cell'],
};
/** Columns the parser must ignore. */
export const EXTRA_NAMES = ['Notes', 'Department', 'Employee ID', 'Title', 'Manager', 'Team (2024)'];

export const AREAS = ['415', '212', '312', '646', '617'];
/** A valid US number, unique per `id` (0–99), in one of the ways people and spreadsheets write it. */
export const DEVICE_FORMATS: ((area: string, last: string) => string)[] = [
  (a, l) => `+1${a}555${l}`,
  (a, l) => `+1 ${a} 555 ${l}`,
  (a, l) => `+1 (${a}) 555-${l}`,
  (a, l) => `+1-${a}-555-${l}`,
  (a, l) => `(${a}) 555-${l}`,
  (a, l) => `${a}.555.${l}`,
  (a, l) => `${a}-555-${l}`,
  (a, l) => `${a}555${l}`,
  (a, l) => `1${a}555${l}`,
  (a, l) => `'+1${a}555${l}`,
];
export const INVALID_DEVICES: [string, (value: string) => string][] = [
  ['abc', () => SKIP_REASONS.invalidPhone],
  ['not a number', () => SKIP_REASONS.invalidPhone],
  ['+1 415 555', () => SKIP_REASONS.invalidPhone],
  ['12', () => SKIP_REASONS.invalidPhone],
  ['(415) 555-01', () => SKIP_REASONS.invalidPhone],
  ['+999 123456', () => SKIP_REASONS.invalidPhone],
  ['4.15E+10', SKIP_REASONS.excelMangled],
  ['1.23457e11', SKIP_REASONS.excelMangled],
];
export const INVALID_EMAILS = [
  'no-at-sign',
  'a@b',
  '@example.com',
  'a b@example.com',
  'a@@example.com',
  'a@example..com',
];
export const DOMAINS = ['example.com', 'acme.test', 'Mail.Example.org', 'xn--bcher-kva.example'];

/** Characters of a name: letters, accents, emoji, and what forces quoting (delimiters, quotes, line breaks). */
export const NAME_CHAR = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'é',
  'ß',
  'Ø',
  'ł',
  '李',
  'محمد',
  '😀',
  ' ',
  '-',
  "'",
  '.',
  ',',
  ';',
  '\t',
  '"',
  '\n',
  '=',
  '@',
);
export const LETTER = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéØ李');
export const PADDING = fc.constantFrom('', '', '', ' ', '  ', ' \t');

/** A name that trims to 1..max characters, possibly with blanks around it. */
export function nameArb(max = 40): fc.Arbitrary<string> {
  return fc
    .tuple(PADDING, LETTER, fc.string({ unit: NAME_CHAR, maxLength: max - 2 }), LETTER, PADDING, fc.boolean())
    .map(([before, a, middle, b, afterPad, single]) => `${before}${single ? a : `${a}${middle}${b}`}${afterPad}`)
    .filter((name) => {
      const core = name.trim();
      return core.length >= 1 && core.length <= IMPORT_MAX_NAME_LENGTH;
    });
}

export type RowKind =
  | 'valid'
  | 'missingName'
  | 'nameTooLong'
  | 'missingContact'
  | 'invalidEmail'
  | 'invalidPhone'
  | 'duplicate'
  | 'example'
  | 'blank';

export interface RowSpec {
  kind: RowKind;
  first: string;
  last: string;
  /** Which contacts a valid row uses, when both columns exist. */
  contact: 'email' | 'device' | 'both';
  emailLocal: string;
  emailUpper: boolean;
  domain: string;
  area: string;
  format: number;
  otherFormat: number;
  invalidEmail: number;
  invalidDevice: number;
  /** For a duplicate: which earlier valid row it repeats (modulo their number). */
  of: number;
  extra: string;
}

export interface FileSpec {
  fields: Field[];
  headerNames: Record<Field, number>;
  extras: string[];
  order: number[];
  delimiter: Delimiter;
  lineEnd: '\n' | '\r\n' | '\r';
  bom: boolean;
  leadingBlankLines: string[];
  quoteAll: boolean;
  trailingLineEnd: boolean;
  rows: RowSpec[];
}

export const rowSpecArb: fc.Arbitrary<RowSpec> = fc.record({
  kind: fc.oneof(
    { weight: 10, arbitrary: fc.constant<RowKind>('valid') },
    {
      weight: 1,
      arbitrary: fc.constantFrom<RowKind>(
        'missingName',
        'nameTooLong',
        'missingContact',
        'invalidEmail',
        'invalidPhone',
        'duplicate',
        'example',
        'blank',
      ),
    },
  ),
  first: nameArb(),
  last: nameArb(),
  contact: fc.constantFrom('email', 'device', 'both'),
  emailLocal: fc.stringMatching(/^[a-z][a-z0-9_.+-]{0,12}[a-z0-9]$/).filter((s) => !s.includes('..')),
  emailUpper: fc.boolean(),
  domain: fc.constantFrom(...DOMAINS),
  area: fc.constantFrom(...AREAS),
  format: fc.nat(DEVICE_FORMATS.length - 1),
  otherFormat: fc.nat(DEVICE_FORMATS.length - 1),
  invalidEmail: fc.nat(INVALID_EMAILS.length - 1),
  invalidDevice: fc.nat(INVALID_DEVICES.length - 1),
  of: fc.nat(),
  extra: fc.oneof(fc.constant(''), fc.string({ unit: NAME_CHAR, maxLength: 20 })),
});

export const fileSpecArb: fc.Arbitrary<FileSpec> = fc
  .record({
    contacts: fc.constantFrom<Field[][]>(['email'], ['deviceNumber'], ['email', 'deviceNumber']),
    headerNames: fc.record({
      firstName: fc.nat(HEADER_NAMES.firstName.length - 1),
      lastName: fc.nat(HEADER_NAMES.lastName.length - 1),
      email: fc.nat(HEADER_NAMES.email.length - 1),
      deviceNumber: fc.nat(HEADER_NAMES.deviceNumber.length - 1),
    }),
    extras: fc.uniqueArray(fc.constantFrom(...EXTRA_NAMES), { maxLength: 3 }),
    delimiter: fc.constantFrom<Delimiter>(',', ';', '\t'),
    lineEnd: fc.constantFrom<FileSpec['lineEnd']>('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    leadingBlankLines: fc.array(fc.constantFrom('', '   ', ';;', ',,,', '\t'), { maxLength: 2 }),
    quoteAll: fc.boolean(),
    trailingLineEnd: fc.boolean(),
    rows: fc.array(rowSpecArb, { minLength: 1, maxLength: 20 }),
  })
  .chain((base) => {
    const fields: Field[] = ['firstName', 'lastName', ...base.contacts];
    const width = fields.length + base.extras.length;
    return fc
      .shuffledSubarray(
        Array.from({ length: width }, (_, i) => i),
        { minLength: width, maxLength: width },
      )
      .map((order): FileSpec => ({ ...base, fields, order }));
  });

export function quoteCell(value: string, delimiter: Delimiter, force: boolean): string {
  const needs = force || value.includes(delimiter) || /["\n\r]/.test(value);
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The parser's own reading of a cell: trimmed, and without the apostrophe that neutralised a formula. */
export function asRead(value: string): string {
  const trimmed = value.trim();
  return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

export interface Built {
  text: string;
  expected: ParseOutcome;
}

/** Writes the file of a spec, and what the parser must answer for it. */
export function buildFile(spec: FileSpec): Built {
  const hasEmail = spec.fields.includes('email');
  const hasDevice = spec.fields.includes('deviceNumber');
  // Column i of the file holds logical column order[i]: the fields first, then the extras.
  const logical = [...spec.fields.map((f) => HEADER_NAMES[f][spec.headerNames[f]]!), ...spec.extras];
  const header = spec.order.map((i) => logical[i]!);

  const lines: string[] = [...spec.leadingBlankLines];
  const headerLine = lines.length + 1;
  lines.push(header.map((name) => quoteCell(name, spec.delimiter, spec.quoteAll)).join(spec.delimiter));

  const rows: ValidRow[] = [];
  const skipped: SkippedRow[] = [];
  const originals: { line: number; email: string | null; area: string; id: number; usesDevice: boolean }[] = [];
  let line = headerLine + 1;
  let dataRows = 0;

  spec.rows.forEach((r, id) => {
    const last4 = String(100 + id).padStart(4, '0');
    const e164 = `+1${r.area}555${last4}`;
    const device = (format: number) => DEVICE_FORMATS[format]!(r.area, last4);
    const email = `${r.emailLocal}.${id}@${r.domain}`;
    const writtenEmail = r.emailUpper ? email.toUpperCase() : email;
    let useEmail = hasEmail && (!hasDevice || r.contact !== 'device');
    let useDevice = hasDevice && (!hasEmail || r.contact !== 'email');

    const cells: Record<Field, string> = { firstName: r.first, lastName: r.last, email: '', deviceNumber: '' };
    let expected: { valid: ValidRow } | { reason: string } | null;
    let claims: { line: number; email: string | null; area: string; id: number; usesDevice: boolean } | null = null;

    switch (r.kind) {
      case 'valid':
        if (useEmail) cells.email = writtenEmail;
        if (useDevice) cells.deviceNumber = device(r.format);
        expected = {
          valid: {
            line,
            firstName: r.first.trim(),
            lastName: r.last.trim(),
            email: useEmail ? email.toLowerCase() : null,
            deviceNumber: useDevice ? e164 : null,
          },
        };
        claims = { line, email: useEmail ? email.toLowerCase() : null, area: r.area, id, usesDevice: useDevice };
        break;
      case 'missingName':
        if (r.of % 2 === 0) cells.firstName = ' ';
        else cells.lastName = '';
        if (useEmail) cells.email = writtenEmail;
        if (useDevice) cells.deviceNumber = device(r.format);
        expected = { reason: SKIP_REASONS.missingName };
        break;
      case 'nameTooLong':
        cells[r.of % 2 === 0 ? 'firstName' : 'lastName'] = `L${'o'.repeat(IMPORT_MAX_NAME_LENGTH + (r.of % 400))}ng`;
        if (useEmail) cells.email = writtenEmail;
        if (useDevice) cells.deviceNumber = device(r.format);
        expected = { reason: SKIP_REASONS.nameTooLong };
        break;
      case 'missingContact':
        expected = { reason: SKIP_REASONS.missingContact };
        break;
      case 'invalidEmail':
        if (!hasEmail) return buildBlank();
        cells.email = INVALID_EMAILS[r.invalidEmail]!;
        if (useDevice) cells.deviceNumber = device(r.format);
        expected = { reason: SKIP_REASONS.invalidEmail };
        break;
      case 'invalidPhone': {
        if (!hasDevice) return buildBlank();
        const [value, reason] = INVALID_DEVICES[r.invalidDevice]!;
        cells.deviceNumber = value;
        if (useEmail) cells.email = writtenEmail;
        expected = { reason: reason(value) };
        break;
      }
      case 'duplicate': {
        const original = originals.length > 0 ? originals[r.of % originals.length]! : null;
        if (!original) return buildBlank();
        // The same contacts as an earlier valid row, written differently: the same account.
        useEmail = original.email !== null;
        useDevice = original.usesDevice;
        if (useEmail) cells.email = r.emailUpper ? original.email!.toUpperCase() : ` ${original.email!} `;
        if (useDevice) {
          cells.deviceNumber = DEVICE_FORMATS[r.otherFormat]!(
            original.area,
            String(100 + original.id).padStart(4, '0'),
          );
        }
        expected = { reason: SKIP_REASONS.duplicateInFile(original.line) };
        break;
      }
      case 'example':
        if (!hasEmail) return buildBlank();
        cells.firstName = TEMPLATE_EXAMPLE.firstName;
        cells.lastName = TEMPLATE_EXAMPLE.lastName;
        cells.email = r.emailUpper ? TEMPLATE_EXAMPLE.email.toUpperCase() : TEMPLATE_EXAMPLE.email;
        if (hasDevice) cells.deviceNumber = r.of % 2 === 0 ? TEMPLATE_EXAMPLE.deviceNumber : '14155550100';
        expected = { reason: SKIP_REASONS.exampleRow };
        break;
      case 'blank':
        return buildBlank();
    }
    emit(cells, r.extra, expected, claims);

    function buildBlank() {
      // Nothing in the four columns (an extra column may hold something): not a row, but a line.
      emit({ firstName: '', lastName: '', email: '', deviceNumber: r.of % 3 === 0 ? '  ' : '' }, r.extra, null, null);
    }
  });

  function emit(
    cells: Record<Field, string>,
    extra: string,
    expected: { valid: ValidRow } | { reason: string } | null,
    claims: { line: number; email: string | null; area: string; id: number; usesDevice: boolean } | null,
  ) {
    const logicalCells = [...spec.fields.map((f) => cells[f]), ...spec.extras.map(() => extra)];
    const written = spec.order.map((i) => logicalCells[i]!);
    lines.push(written.map((value) => quoteCell(value, spec.delimiter, spec.quoteAll)).join(spec.delimiter));
    if (expected) {
      dataRows++;
      if ('valid' in expected) rows.push(expected.valid);
      else {
        skipped.push({
          line,
          firstName: asRead(cells.firstName),
          lastName: asRead(cells.lastName),
          email: asRead(cells.email),
          deviceNumber: asRead(cells.deviceNumber),
          reason: expected.reason,
        });
      }
    }
    if (claims) originals.push(claims);
    // A quoted line break inside a cell moves the next row down a line.
    line += 1 + written.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
  }

  let text = lines.join(spec.lineEnd);
  if (spec.trailingLineEnd) text += spec.lineEnd;
  if (spec.bom) text = `\ufeff${text}`;
  const expected: ParseOutcome =
    dataRows === 0
      ? { ok: false, error: IMPORT_FILE_ERRORS.headerOnly }
      : { ok: true, rows, skipped, delimiter: spec.delimiter, headerless: false, encoding: 'utf-8' };
  return { text, expected };
}
