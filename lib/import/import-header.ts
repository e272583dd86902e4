import Papa from 'papaparse';

export type ImportField = 'firstName' | 'lastName' | 'email' | 'deviceNumber';
export type ImportDelimiter = ',' | ';' | '\t';

/** Where each field is in a row; -1 when the header has no such column. */
export type ColumnMap = Record<ImportField, number>;

const DELIMITERS: ImportDelimiter[] = [',', ';', '\t'];

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
