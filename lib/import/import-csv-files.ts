import Papa from 'papaparse';

/**
 * The CSV files the import hands out: the template, and "Download skipped rows". Both are UTF-8 with
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

/** A row left out of an import, as the file had it, with its line number and the reason. */
export interface SkippedRowCells {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  deviceNumber: string;
  reason: string;
}

/**
 * "Download skipped rows": the template's four columns first (so the administrator can fix the rows
 * and import this very file again: the parser ignores the extra columns), then Line and Reason.
 * Every cell that a spreadsheet would run as a formula is neutralised (SPREADSHEET_FORMULA).
 */
export function skippedRowsCsv(rows: SkippedRowCells[]): string {
  const data = rows.map((r) => [r.firstName, r.lastName, r.email, r.deviceNumber, r.line, r.reason]);
  const csv = Papa.unparse(
    { fields: [...IMPORT_COLUMNS, 'Line', 'Reason'], data },
    { newline: CRLF, escapeFormulae: SPREADSHEET_FORMULA },
  );
  return BOM + csv + CRLF;
}
