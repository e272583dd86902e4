import Papa from 'papaparse';

/**
 * The CSV files the import hands out: the template, "Download valid rows" and "Download skipped rows", all UTF-8 with
 * a BOM (so Excel reads accents correctly) and CRLF line ends (what Excel writes itself).
 */

export const IMPORT_COLUMNS = ['First Name', 'Last Name', 'Email', 'Device #'] as const;

/** The template's one example row; the parser never imports it (SKIP_REASONS.exampleRow). */
export const TEMPLATE_EXAMPLE = {
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane.doe@example.com',
  deviceNumber: '+14155550100',
} as const;

/**
 * Cells a spreadsheet would run as a formula (CSV formula injection): starting with = + - @ (or tab /
 * CR, which some spreadsheets skip before reading one). Papa.unparse prefixes them with an
 * apostrophe. A phone number written with + or - and nothing but digits, spaces, ( ) . - is left as
 * it is (as in the Accounts export): it cannot call anything, and "'+1 415…" would no longer read as
 * a number when the administrator fixes the file and imports it again. The parser removes such an
 * apostrophe again (see parseImportText).
 */
export const SPREADSHEET_FORMULA = /^[=@\t\r]|^[+-](?![\d\s().-]+$)/;

const BOM = '\ufeff';
const CRLF = '\r\n';

/** The downloadable template: the four columns and one example row. */
export function templateCsv(): string {
  const { firstName, lastName, email, deviceNumber } = TEMPLATE_EXAMPLE;
  return (
    BOM + Papa.unparse([[...IMPORT_COLUMNS], [firstName, lastName, email, deviceNumber]], { newline: CRLF }) + CRLF
  );
}

/** A row of an import, as the file had it (or, valid, as it will be created), with its line number and the reason it is skipped. */
export interface SkippedRowCells {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  deviceNumber: string;
  reason: string;
}

/**
 * "Download valid rows" and "Download skipped rows": the template's four columns first (so the
 * administrator can fix the rows and import this very file again: the parser ignores the extra
 * columns), then Line, and for skipped rows Reason. Every cell that a spreadsheet would run as a
 * formula is neutralised (SPREADSHEET_FORMULA). The header (with the BOM) and the rows are made
 * apart, so that a download can stream its rows page by page.
 */
export function rowsCsvHeader(kind: 'valid' | 'skipped'): string {
  const fields = kind === 'valid' ? [...IMPORT_COLUMNS, 'Line'] : [...IMPORT_COLUMNS, 'Line', 'Reason'];
  return BOM + Papa.unparse([fields], { newline: CRLF }) + CRLF;
}

/** Rows of "Download valid rows" (without a reason) or "Download skipped rows", each line ending in CRLF. */
export function rowsCsvLines(kind: 'valid' | 'skipped', rows: SkippedRowCells[]): string {
  if (rows.length === 0) return '';
  const data = rows.map((r) =>
    kind === 'valid'
      ? [r.firstName, r.lastName, r.email, r.deviceNumber, r.line]
      : [r.firstName, r.lastName, r.email, r.deviceNumber, r.line, r.reason],
  );
  return Papa.unparse(data, { newline: CRLF, escapeFormulae: SPREADSHEET_FORMULA }) + CRLF;
}

/** A whole "Download skipped rows" file. */
export function skippedRowsCsv(rows: SkippedRowCells[]): string {
  return rowsCsvHeader('skipped') + rowsCsvLines('skipped', rows);
}
