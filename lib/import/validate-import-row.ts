import { parseContact } from '@/lib/accounts/contact';
import { TEMPLATE_EXAMPLE } from '@/lib/import/import-csv-files';
import { countryCallingCode, toE164 } from '@/lib/phone';

/*
 * One row of the Multiple Accounts import checked by the rules of the Add Account (single) form, in
 * the browser's parser (lib/import/parse-import.ts) and again on the server for every staged row.
 */

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

/** 4.15E+10, 4,15E+10, 1.23457e11: what Excel shows for a long number in a General column. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
/** What Excel leaves of a number it stored as a number: digits only, no leading 0 or +. */
const EXCEL_NUMBER = /^[1-9]\d{4,16}$/;

export type RowResult = { ok: true; row: ValidRow } | { ok: false; reason: string };

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
