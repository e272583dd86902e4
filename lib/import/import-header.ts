import Papa from 'papaparse';
import { validateImportRow } from '@/lib/import/validate-import-row';

export type ImportField = 'firstName' | 'lastName' | 'email' | 'deviceNumber';
export type ImportDelimiter = ',' | ';' | '\t';

/** Where each field is in a row; -1 when the header has no such column. */
export type ColumnMap = Record<ImportField, number>;

const DELIMITERS: ImportDelimiter[] = [',', ';', '\t'];

/** The template's column order: how rows without a header line are read. */
export const TEMPLATE_ORDER: ColumnMap = { firstName: 0, lastName: 1, email: 2, deviceNumber: 3 };

/** An apostrophe that neutralised a formula-like cell (our own downloads add it). */
const NEUTRALISED = /^'[=+\-@]/;

/**
 * Header names, compared lower-cased with everything but letters, digits and '#' removed, so that
 * "First Name", "first_name", "FirstName" and "FIRST NAME *" are one name. Each field's first entry
 * is the template's own name; a column with one of the template's names wins over an alias (a file
 * with both "Device #" and "Phone" reads "Device #"). The aliases are what spreadsheets of users
 * commonly call these columns, kept modest on purpose: a wrong guess would import the wrong data.
 */
const HEADER_NAMES: Record<ImportField, { exact: string[]; aliases: string[] }> = {
  firstName: { exact: ['firstname'], aliases: ['first', 'givenname', 'forename'] },
  lastName: { exact: ['lastname'], aliases: ['last', 'surname', 'familyname'] },
  email: { exact: ['email', 'emailaddress'], aliases: ['mail', 'emailid'] },
  deviceNumber: {
    exact: ['device#', 'devicenumber', 'device', 'deviceno'],
    aliases: [
      'mobile',
      'mobile#',
      'mobilenumber',
      'mobilephone',
      'cell',
      'cellphone',
      'phone',
      'phone#',
      'phonenumber',
    ],
  },
};

const LOOKUP = new Map<string, { field: ImportField; rank: number }>();
for (const [field, names] of Object.entries(HEADER_NAMES) as [ImportField, (typeof HEADER_NAMES)[ImportField]][]) {
  for (const name of names.exact) LOOKUP.set(name, { field, rank: 0 });
  for (const name of names.aliases) LOOKUP.set(name, { field, rank: 1 });
}

export function normalizeHeaderName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9#]/g, '');
}

/** The columns a header row names: for each field the first column with its best-ranked name. */
export function mapColumns(cells: string[]): { columns: ColumnMap; recognised: number } {
  const columns: ColumnMap = { firstName: -1, lastName: -1, email: -1, deviceNumber: -1 };
  const ranks: Record<ImportField, number> = { firstName: 9, lastName: 9, email: 9, deviceNumber: 9 };
  cells.forEach((cell, index) => {
    const match = LOOKUP.get(normalizeHeaderName(cell));
    if (match && match.rank < ranks[match.field]) {
      columns[match.field] = index;
      ranks[match.field] = match.rank;
    }
  });
  const recognised = Object.values(columns).filter((index) => index >= 0).length;
  return { columns, recognised };
}

/**
 * The delimiter that splits the header line into the most recognised columns (comma first on a tie),
 * or null when no candidate recognises any column.
 */
export function detectHeader(
  headerLine: string,
): { delimiter: ImportDelimiter; columns: ColumnMap; recognised: number } | null {
  let best: { delimiter: ImportDelimiter; columns: ColumnMap; recognised: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const cells = Papa.parse<string[]>(headerLine, { delimiter, newline: '\n' }).data[0] ?? [];
    const { columns, recognised } = mapColumns(cells);
    if (recognised > (best?.recognised ?? 0)) best = { delimiter, columns, recognised };
  }
  return best;
}

/** A cell trimmed, without the apostrophe that our downloads put before a formula-like value. */
export function cellAt(cells: string[], index: number): string {
  if (index < 0) return '';
  const value = (cells[index] ?? '').trim();
  return value.charCodeAt(0) === 39 && NEUTRALISED.test(value) ? value.slice(1) : value;
}

/** How the file's first line (not blank) is read: a header, the first row of a file without one, or neither. */
export type FirstLine =
  | { kind: 'header'; delimiter: ImportDelimiter; columns: ColumnMap }
  | { kind: 'data'; delimiter: ImportDelimiter; columns: ColumnMap }
  | { kind: 'neither'; reason: string };

/**
 * The first line is data when, read in the template's order, it is a valid account (with the
 * delimiter that splits it into the most columns, up to four, that makes it one); no header is
 * ever one, since a header's Email and Device # cells are never an address or a number. Otherwise it
 * is a header when it names a column (the missing ones are then an error naming them), and else
 * neither, with the reason it is not an account: the parser never guesses past such a line.
 */
export function readFirstLine(line: string, defaultCountry: string): FirstLine {
  const candidates = DELIMITERS.map((delimiter) => ({
    delimiter,
    cells: Papa.parse<string[]>(line, { delimiter, newline: '\n' }).data[0] ?? [],
  })).sort((a, b) => Math.min(b.cells.length, 4) - Math.min(a.cells.length, 4));
  let reason = '';
  for (const { delimiter, cells } of candidates) {
    const row = {
      line: 1,
      firstName: cellAt(cells, 0),
      lastName: cellAt(cells, 1),
      email: cellAt(cells, 2),
      deviceNumber: cellAt(cells, 3),
    };
    const result = validateImportRow(row, defaultCountry);
    if (result.ok) return { kind: 'data', delimiter, columns: TEMPLATE_ORDER };
    reason ||= result.reason;
  }
  const header = detectHeader(line);
  if (header) return { kind: 'header', delimiter: header.delimiter, columns: header.columns };
  return { kind: 'neither', reason };
}
