import Papa from 'papaparse';
import { parseContact } from '@/lib/accounts/contact';
import { decodeImportBytes } from '@/lib/import/decode-import-bytes';
import { IMPORT_COLUMNS, TEMPLATE_EXAMPLE } from '@/lib/import/import-csv-files';
import { type ColumnMap, detectHeader, type ImportDelimiter } from '@/lib/import/import-header';
import { countryCallingCode, toE164 } from '@/lib/phone';

/*
 * The Multiple Accounts import's parser (docs/product.md#add-account-multiple). It runs in the browser (the
 * dialog parses the file before sending it in chunks) and on the server (every staged row is validated again,
 * and the benchmark parses 50,000 rows), so it uses nothing but papaparse, TextDecoder, libphonenumber-js
 * (through lib/phone) and zod (through lib/accounts/contact): no Node APIs, no database.
 */

export { decodeImportBytes } from '@/lib/import/decode-import-bytes';
export { IMPORT_COLUMNS, skippedRowsCsv, templateCsv, TEMPLATE_EXAMPLE } from '@/lib/import/import-csv-files';

export const IMPORT_MAX_ROWS = 50_000;
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** The same limits as the Add Account (single) form. */
export const IMPORT_MAX_NAME_LENGTH = 100;
export const IMPORT_MAX_EMAIL_LENGTH = 254;

/** A row the import will create: trimmed names, lower-cased email or null, device in E.164 or null. */
export interface ValidRow {
  line: number;
  firstName: string;
  lastName: string;
  email: string | null;
  deviceNumber: string | null;
}

/** A row left out, with the values as the file had them (trimmed) and the reason, for the preview and "Download skipped rows". */
export interface SkippedRow {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  deviceNumber: string;
  reason: string;
}

export type ParseOutcome =
  | {
      ok: true;
      rows: ValidRow[];
      skipped: SkippedRow[];
      delimiter: ImportDelimiter;
      encoding: 'utf-8' | 'windows-1252';
    }
  | { ok: false; error: string }; // a whole-file problem: nothing to import

const EXCEL_TEXT_FIX = 'In Excel, format the Device # column as Text before typing or pasting the numbers';

/** Why a row is skipped, worded once for the preview, the skipped-rows file and the tests. */
export const SKIP_REASONS = {
  missingName: 'First Name and Last Name are both required.',
  nameTooLong: `A name is longer than ${IMPORT_MAX_NAME_LENGTH} characters.`,
  missingContact: 'Neither an Email nor a Device #: at least one is required.',
  invalidEmail: 'Not a valid email address.',
  invalidPhone: 'Not a valid phone number for Device #: write it with its country code, for example +1 415 555 0100.',
  excelMangled: (value: string) =>
    `Device # "${value}" was turned into a number in scientific notation by Excel, so its digits are lost. ${EXCEL_TEXT_FIX}, then type the number again with its + and country code.`,
  lostPlus: (value: string) =>
    `Device # "${value}" has lost its leading + (Excel drops it). ${EXCEL_TEXT_FIX}, then type it again as +${value}.`,
  lostPlusOrZero: (value: string) =>
    `Device # "${value}" may have lost its leading + or 0 (Excel drops them), so it cannot be read safely. ${EXCEL_TEXT_FIX}, then type it again as +${value} or 0${value}, whichever it is.`,
  lostZero: (value: string) =>
    `Device # "${value}" has lost its leading 0 (Excel drops it). ${EXCEL_TEXT_FIX}, then type it again as 0${value}.`,
  duplicateInFile: (firstLine: number) => `Duplicate in the file: line ${firstLine} has the same Email or Device #.`,
  exampleRow: 'Example row from the template: delete it, or leave it: it is never imported.',
  alreadyExists: 'An account with this Email or Device # already exists.',
};

const EXPECTED_HEADER = `The first line must be the header: ${IMPORT_COLUMNS.join(', ')} (in any order; Email or Device # may be left out, but not both).`;

/** Whole-file problems: nothing is imported. */
export const IMPORT_FILE_ERRORS = {
  empty: `The file is empty. ${EXPECTED_HEADER} Then one account a line.`,
  headerOnly: 'The file has only the header line: add one account a line below it.',
  noHeader: `No header line was recognised. ${EXPECTED_HEADER} Download the .CSV template to start from.`,
  missingColumns: (missing: string[]) => `The header has no ${missing.join(' or ')} column. ${EXPECTED_HEADER}`,
  tooManyRows: `The file has more than ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows. Split it into files of at most ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows and import them one after the other.`,
  tooLarge: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one after the other.`,
  malformedQuotes: (line: number) =>
    `Line ${line} has a quoted value (") that is not closed properly, so the file cannot be read reliably from there on. A " inside a value must be doubled (""). Fix that line and try again.`,
};

/** 4.15E+10, 4,15E+10, 1.23457e11: what Excel shows for a long number in a General column. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
/** What Excel leaves of a number it stored as a number: digits only, no leading 0 or +. */
const EXCEL_NUMBER = /^[1-9]\d{4,16}$/;
/** A line with nothing but blanks and delimiters (";;;" from Excel's empty rows). */
const BLANK_LINE = /^[\s,;]*$/;
/** An apostrophe that neutralised a formula-like cell (our own "Download skipped rows" adds it). */
const NEUTRALISED = /^'[=+\-@]/;

type RowResult = { ok: true; row: ValidRow } | { ok: false; reason: string };

/**
 * Re-validates ONE row on the server (the browser is not trusted): the same rules as in the file,
 * without the duplicate-in-file check. Returns the normalized row or the reason.
 */
export function validateImportRow(
  row: { line: number; firstName: string; lastName: string; email: string; deviceNumber: string },
  defaultCountry: string,
): RowResult {
  const firstName = row.firstName.trim();
  const lastName = row.lastName.trim();
  const email = row.email.trim();
  const device = row.deviceNumber.trim();

  if (isTemplateExample(firstName, lastName, email)) return { ok: false, reason: SKIP_REASONS.exampleRow };
  if (!firstName || !lastName) return { ok: false, reason: SKIP_REASONS.missingName };
  if (firstName.length > IMPORT_MAX_NAME_LENGTH || lastName.length > IMPORT_MAX_NAME_LENGTH) {
    return { ok: false, reason: SKIP_REASONS.nameTooLong };
  }
  if (!email && !device) return { ok: false, reason: SKIP_REASONS.missingContact };

  let normalizedEmail: string | null = null;
  if (email) {
    // The Add Account rule (parseContact): an email has an '@' and passes zod's email check.
    const contact =
      email.includes('@') && email.length <= IMPORT_MAX_EMAIL_LENGTH ? parseContact(email, defaultCountry) : null;
    if (!contact?.email) return { ok: false, reason: SKIP_REASONS.invalidEmail };
    normalizedEmail = contact.email;
  }

  let deviceNumber: string | null = null;
  if (device) {
    const result = readDeviceNumber(device, defaultCountry);
    if (!result.ok) return result;
    deviceNumber = result.e164;
  }

  return { ok: true, row: { line: row.line, firstName, lastName, email: normalizedEmail, deviceNumber } };
}

/**
 * The template's example row, recognised by its name and email whatever its Device # became (Excel
 * turns the example's "+14155550100" into 14155550100 as soon as the template is opened and saved).
 */
function isTemplateExample(firstName: string, lastName: string, email: string): boolean {
  return (
    firstName === TEMPLATE_EXAMPLE.firstName &&
    lastName === TEMPLATE_EXAMPLE.lastName &&
    email.toLowerCase() === TEMPLATE_EXAMPLE.email
  );
}

/**
 * A Device # in E.164 (the Add Account rule, through parseContact and toE164), or why not. A number
 * that Excel mangled is reported, never repaired: scientific notation has lost digits for good, and
 * a number that lost its + or 0 could be repaired wrongly in a way nobody would notice.
 */
function readDeviceNumber(
  value: string,
  defaultCountry: string,
): { ok: true; e164: string } | { ok: false; reason: string } {
  if (SCIENTIFIC.test(value)) return { ok: false, reason: SKIP_REASONS.excelMangled(value) };
  const e164 = value.includes('@') ? null : (parseContact(value, defaultCountry)?.deviceNumber ?? null);
  // Only bare digits can be a number that Excel stored as a number (it drops a leading + or 0).
  if (!EXCEL_NUMBER.test(value)) return e164 ? { ok: true, e164 } : { ok: false, reason: SKIP_REASONS.invalidPhone };

  if (e164) {
    // Valid as a national number. Digits that start with the tenant's own calling code may as well be
    // an international number that lost its + ("4915123456789" in Germany: +49 1512… or 0491 5123…?);
    // when the two readings are different numbers, nobody can tell which one was meant.
    const callingCode = countryCallingCode(defaultCountry);
    if (callingCode && value.startsWith(callingCode) && e164 !== `+${value}`) {
      const international = toE164(`+${value}`, defaultCountry);
      if (international && international !== e164) return { ok: false, reason: SKIP_REASONS.lostPlusOrZero(value) };
    }
    return { ok: true, e164 };
  }
  if (toE164(`+${value}`, defaultCountry)) return { ok: false, reason: SKIP_REASONS.lostPlus(value) };
  if (toE164(`0${value}`, defaultCountry)) return { ok: false, reason: SKIP_REASONS.lostZero(value) };
  return { ok: false, reason: SKIP_REASONS.invalidPhone };
}

/**
 * Text (an uploaded file's, or pasted rows) → valid rows and skipped rows. `defaultCountry` is the
 * tenant's (e.g. 'US') for national-format phone numbers. Line numbers are the file's line numbers
 * (1 = header line), counting physical lines (a quoted field with line breaks advances them).
 */
export function parseImportText(text: string, options: { defaultCountry: string }): ParseOutcome {
  // Characters never outnumber the bytes they were decoded from, so pasted text holds to the same limit.
  if (text.length > IMPORT_MAX_BYTES) return { ok: false, error: IMPORT_FILE_ERRORS.tooLarge };
  let source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // One line end for papaparse (it guesses one for the whole file) and for counting lines.
  if (source.includes('\r')) source = source.replace(/\r\n?/g, '\n');

  // The header is the first line that is not blank; lines above it still count.
  let headerLine = 1;
  let position = 0;
  let headerText = '';
  while (position <= source.length) {
    const end = nextLineEnd(source, position);
    const candidate = source.slice(position, end);
    position = end + 1;
    if (!BLANK_LINE.test(candidate)) {
      headerText = candidate;
      break;
    }
    headerLine++;
  }
  if (!headerText) return { ok: false, error: IMPORT_FILE_ERRORS.empty };

  const header = detectHeader(headerText);
  if (!header) return { ok: false, error: IMPORT_FILE_ERRORS.noHeader };
  const missing = missingColumns(header.columns);
  if (missing.length > 0) return { ok: false, error: IMPORT_FILE_ERRORS.missingColumns(missing) };

  // Never dynamicTyping: "+14155550100" and "0612345678" must stay text.
  const parsed = Papa.parse<string[]>(source.slice(position), {
    delimiter: header.delimiter,
    newline: '\n',
    quoteChar: '"',
    skipEmptyLines: false,
  });

  // A quote papaparse could not close swallows the lines after it: no row from there on is reliable.
  const quoteError = parsed.errors.find((error) => error.type === 'Quotes');
  if (quoteError) {
    return { ok: false, error: IMPORT_FILE_ERRORS.malformedQuotes(lineOfRow(parsed.data, headerLine, quoteError.row)) };
  }

  const { columns } = header;
  const rows: ValidRow[] = [];
  const skipped: SkippedRow[] = [];
  const firstLineOfEmail = new Map<string, number>();
  const firstLineOfDevice = new Map<string, number>();
  let line = headerLine + 1;
  let dataRows = 0;

  for (let index = 0; index < parsed.data.length; index++) {
    const cells = parsed.data[index]!;
    const rowLine = line;
    line += 1 + lineBreaksIn(cells);

    const firstName = cell(cells, columns.firstName);
    const lastName = cell(cells, columns.lastName);
    const email = cell(cells, columns.email);
    const deviceNumber = cell(cells, columns.deviceNumber);
    // Blank lines, ";;;" lines and rows with nothing in the four columns are not rows.
    if (!firstName && !lastName && !email && !deviceNumber) continue;
    if (++dataRows > IMPORT_MAX_ROWS) return { ok: false, error: IMPORT_FILE_ERRORS.tooManyRows };

    const values = { line: rowLine, firstName, lastName, email, deviceNumber };
    const result = validateImportRow(values, options.defaultCountry);
    if (!result.ok) {
      skipped.push({ ...values, reason: result.reason });
      continue;
    }
    const valid = result.row;
    const firstLine =
      (valid.email !== null ? firstLineOfEmail.get(valid.email) : undefined) ??
      (valid.deviceNumber !== null ? firstLineOfDevice.get(valid.deviceNumber) : undefined);
    // Every valid row claims its email and device # (a duplicate too), so that a later row repeating
    // a duplicate's other value names that line: the same rule as the commit's check over all staged rows.
    if (valid.email !== null && !firstLineOfEmail.has(valid.email)) firstLineOfEmail.set(valid.email, rowLine);
    if (valid.deviceNumber !== null && !firstLineOfDevice.has(valid.deviceNumber)) {
      firstLineOfDevice.set(valid.deviceNumber, rowLine);
    }
    if (firstLine !== undefined) skipped.push({ ...values, reason: SKIP_REASONS.duplicateInFile(firstLine) });
    else rows.push(valid);
  }

  if (dataRows === 0) return { ok: false, error: IMPORT_FILE_ERRORS.headerOnly };
  return { ok: true, rows, skipped, delimiter: header.delimiter, encoding: 'utf-8' };
}

/** Both steps plus the size limit. */
export function parseImportFile(bytes: Uint8Array, options: { defaultCountry: string }): ParseOutcome {
  if (bytes.length > IMPORT_MAX_BYTES) return { ok: false, error: IMPORT_FILE_ERRORS.tooLarge };
  if (bytes.length === 0) return { ok: false, error: IMPORT_FILE_ERRORS.empty };
  const decoded = decodeImportBytes(bytes);
  if (!decoded.ok) return decoded;
  const outcome = parseImportText(decoded.text, options);
  return outcome.ok ? { ...outcome, encoding: decoded.encoding } : outcome;
}

function nextLineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function missingColumns(columns: ColumnMap): string[] {
  const missing: string[] = [];
  if (columns.firstName < 0) missing.push('First Name');
  if (columns.lastName < 0) missing.push('Last Name');
  if (missing.length === 0 && columns.email < 0 && columns.deviceNumber < 0) missing.push('Email', 'Device #');
  return missing;
}

/** A cell trimmed, without the apostrophe that "Download skipped rows" put before a formula-like value. */
function cell(cells: string[], index: number): string {
  if (index < 0) return '';
  const value = (cells[index] ?? '').trim();
  return value.charCodeAt(0) === 39 && NEUTRALISED.test(value) ? value.slice(1) : value;
}

function lineBreaksIn(cells: string[]): number {
  let breaks = 0;
  for (const value of cells) {
    for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) breaks++;
  }
  return breaks;
}

/** The file's line number of papaparse's row `row` (the rows above it may hold line breaks). */
function lineOfRow(data: string[][], headerLine: number, row: number | undefined): number {
  let line = headerLine + 1;
  for (let index = 0; index < (row ?? 0) && index < data.length; index++) line += 1 + lineBreaksIn(data[index]!);
  return line;
}
