import Papa from 'papaparse';
import { decodeImportBytes } from '@/lib/import/decode-import-bytes';
import { IMPORT_COLUMNS } from '@/lib/import/import-csv-files';
import { cellAt, type ColumnMap, type ImportDelimiter, readFirstLine } from '@/lib/import/import-header';
import { SKIP_REASONS, type SkippedRow, validateImportRow, type ValidRow } from '@/lib/import/validate-import-row';

/*
 * The Multiple Accounts import's parser (docs/product.md#add-account-multiple). It runs in the browser (the
 * dialog parses the file before sending it in chunks) and on the server (every staged row is validated again,
 * and the benchmark parses 50,000 rows), so it uses nothing but papaparse, TextDecoder, libphonenumber-js
 * (through lib/phone) and zod (through lib/accounts/contact): no Node APIs, no database.
 */

export { decodeImportBytes } from '@/lib/import/decode-import-bytes';
export { IMPORT_COLUMNS, skippedRowsCsv, templateCsv, TEMPLATE_EXAMPLE } from '@/lib/import/import-csv-files';
export {
  IMPORT_MAX_EMAIL_LENGTH,
  IMPORT_MAX_NAME_LENGTH,
  SKIP_REASONS,
  type SkippedRow,
  validateImportRow,
  type ValidRow,
} from '@/lib/import/validate-import-row';

export const IMPORT_MAX_ROWS = 50_000;
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export type ParseOutcome =
  | {
      ok: true;
      rows: ValidRow[];
      skipped: SkippedRow[];
      delimiter: ImportDelimiter;
      /** No header line: the columns were read in the template's order (the preview says so). */
      headerless: boolean;
      encoding: 'utf-8' | 'windows-1252';
    }
  | { ok: false; error: string }; // a whole-file problem: nothing to import

const COLUMNS = IMPORT_COLUMNS.join(', ');
const EXPECTED_HEADER = `A header line names the columns ${COLUMNS} (in any order; Email or Device # may be left out, but not both).`;

/** Whole-file problems: nothing is imported. */
export const IMPORT_FILE_ERRORS = {
  empty: `The file is empty. Put one account a line, in the columns ${COLUMNS}, with or without a header line above them.`,
  headerOnly: 'The file has only the header line: add one account a line below it.',
  noHeader: (reason: string) =>
    `The first line is neither a header line nor a valid account (${reason.replace(/\.$/, '')}). Start the file with the header line (${COLUMNS}, in any order), or give every line these columns in this order. Download the .CSV template to start from.`,
  missingColumns: (missing: string[]) => `The header has no ${missing.join(' or ')} column. ${EXPECTED_HEADER}`,
  tooManyRows: `The file has more than ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows. Split it into files of at most ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows and import them one after the other.`,
  tooLarge: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one after the other.`,
  malformedQuotes: (line: number) =>
    `Line ${line} has a quoted value (") that is not closed properly, so the file cannot be read reliably from there on. A " inside a value must be doubled (""). Fix that line and try again.`,
};

/** A line with nothing but blanks and delimiters (";;;" from Excel's empty rows). */
const BLANK_LINE = /^[\s,;]*$/;

/**
 * Text (an uploaded file's, or pasted rows) → valid rows and skipped rows. `defaultCountry` is the
 * tenant's (e.g. 'US') for national-format phone numbers. The first line is a header, or the first
 * row of a file without one, read in the template's order (import-header.ts `readFirstLine`). Line
 * numbers are the file's line numbers, counting physical lines (a quoted field with line breaks
 * advances them).
 */
export function parseImportText(text: string, options: { defaultCountry: string }): ParseOutcome {
  // Characters never outnumber the bytes they were decoded from, so pasted text holds to the same limit.
  if (text.length > IMPORT_MAX_BYTES) return { ok: false, error: IMPORT_FILE_ERRORS.tooLarge };
  let source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // One line end for papaparse (it guesses one for the whole file) and for counting lines.
  if (source.includes('\r')) source = source.replace(/\r\n?/g, '\n');

  const first = findFirstLine(source);
  if (!first.text) return { ok: false, error: IMPORT_FILE_ERRORS.empty };
  const header = readFirstLine(first.text, options.defaultCountry);
  if (header.kind === 'neither') return { ok: false, error: IMPORT_FILE_ERRORS.noHeader(header.reason) };
  const missing = missingColumns(header.columns);
  if (missing.length > 0) return { ok: false, error: IMPORT_FILE_ERRORS.missingColumns(missing) };
  const headerless = header.kind === 'data';
  // Without a header line, the first line is the first row.
  const firstRowLine = headerless ? first.line : first.line + 1;

  // Never dynamicTyping: "+14155550100" and "0612345678" must stay text.
  const parsed = Papa.parse<string[]>(source.slice(headerless ? first.start : first.next), {
    delimiter: header.delimiter,
    newline: '\n',
    quoteChar: '"',
    skipEmptyLines: false,
  });

  // A quote papaparse could not close swallows the lines after it: no row from there on is reliable.
  const quoteError = parsed.errors.find((error) => error.type === 'Quotes');
  if (quoteError) {
    return {
      ok: false,
      error: IMPORT_FILE_ERRORS.malformedQuotes(lineOfRow(parsed.data, firstRowLine, quoteError.row)),
    };
  }

  const read = readRows(parsed.data, header.columns, firstRowLine, options.defaultCountry);
  if (!read) return { ok: false, error: IMPORT_FILE_ERRORS.tooManyRows };
  if (read.dataRows === 0) return { ok: false, error: IMPORT_FILE_ERRORS.headerOnly };
  const { rows, skipped } = read;
  return { ok: true, rows, skipped, delimiter: header.delimiter, headerless, encoding: 'utf-8' };
}

/**
 * The first line that is not blank (lines above it still count): its number, its text, where it
 * starts and where the line after it starts.
 */
function findFirstLine(source: string): { line: number; text: string; start: number; next: number } {
  let line = 1;
  let start = 0;
  while (start <= source.length) {
    const end = nextLineEnd(source, start);
    const text = source.slice(start, end);
    if (!BLANK_LINE.test(text)) return { line, text, start, next: end + 1 };
    start = end + 1;
    line++;
  }
  return { line, text: '', start, next: start };
}

/**
 * The data rows, valid or skipped, with the file's line numbers; null past IMPORT_MAX_ROWS. A valid
 * row repeating an earlier row's email or device # is skipped as a duplicate in the file.
 */
function readRows(
  data: string[][],
  columns: ColumnMap,
  firstRowLine: number,
  defaultCountry: string,
): { rows: ValidRow[]; skipped: SkippedRow[]; dataRows: number } | null {
  const rows: ValidRow[] = [];
  const skipped: SkippedRow[] = [];
  const firstLineOfEmail = new Map<string, number>();
  const firstLineOfDevice = new Map<string, number>();
  let line = firstRowLine;
  let dataRows = 0;

  for (const cells of data) {
    const rowLine = line;
    line += 1 + lineBreaksIn(cells);

    const firstName = cellAt(cells, columns.firstName);
    const lastName = cellAt(cells, columns.lastName);
    const email = cellAt(cells, columns.email);
    const deviceNumber = cellAt(cells, columns.deviceNumber);
    // Blank lines, ";;;" lines and rows with nothing in the four columns are not rows.
    if (!firstName && !lastName && !email && !deviceNumber) continue;
    if (++dataRows > IMPORT_MAX_ROWS) return null;

    const values = { line: rowLine, firstName, lastName, email, deviceNumber };
    const result = validateImportRow(values, defaultCountry);
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
  return { rows, skipped, dataRows };
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

function lineBreaksIn(cells: string[]): number {
  let breaks = 0;
  for (const value of cells) {
    for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) breaks++;
  }
  return breaks;
}

/** The file's line number of papaparse's row `row` (the rows above it may hold line breaks). */
function lineOfRow(data: string[][], firstRowLine: number, row: number | undefined): number {
  let line = firstRowLine;
  for (let index = 0; index < (row ?? 0) && index < data.length; index++) line += 1 + lineBreaksIn(data[index]!);
  return line;
}
