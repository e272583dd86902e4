/**
 * Bytes of an uploaded import file → text, in the browser and in Node alike (no Node APIs).
 * UTF-8 (with or without BOM) first; bytes that are not valid UTF-8 are Windows-1252, which is what
 * European Excel writes for "CSV (semicolon delimited)".
 */

export type ImportEncoding = 'utf-8' | 'windows-1252';

export type DecodeOutcome = { ok: true; text: string; encoding: ImportEncoding } | { ok: false; error: string };

export const DECODE_ERRORS = {
  workbook:
    'This is an Excel workbook, not a CSV file. In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)", then upload that file.',
  utf16:
    'This file is saved as UTF-16 (Excel\'s "Unicode Text"). In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)", then upload that file.',
  binary: 'This is not a text file. Upload a CSV file (First Name, Last Name, Email, Device #), or paste the rows.',
};

/** How much of the file the binary check looks at; a CSV's first 64 KB tell. */
const SAMPLE_BYTES = 64 * 1024;
/** More control characters than this share of the sample: not text. */
const CONTROL_SHARE = 0.1;

/**
 * WHATWG's Windows-1252 for 0x80–0x9F. Browsers decode these already; Node's TextDecoder (small-icu
 * and some full-icu builds) decodes the label as ISO-8859-1 and yields C1 controls, which would turn
 * "O’Brien" into "O\u0092Brien". Mapping the C1 range afterwards gives the same text everywhere.
 * The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as they are.
 */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function decodeImportBytes(bytes: Uint8Array): DecodeOutcome {
  if (
    startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) ||
    startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
  ) {
    return { ok: false, error: DECODE_ERRORS.workbook };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { ok: false, error: DECODE_ERRORS.utf16 };
  }
  if (looksBinary(bytes)) return { ok: false, error: DECODE_ERRORS.binary };

  try {
    // fatal: invalid UTF-8 throws instead of becoming U+FFFD; the BOM is stripped (ignoreBOM false).
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const latin = new TextDecoder('windows-1252').decode(bytes);
    const text = latin.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
    return { ok: true, text, encoding: 'windows-1252' };
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** A NUL byte anywhere, or a sample of mostly control characters (other than tab, CR, LF). */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) !== -1) return true;
  const end = Math.min(bytes.length, SAMPLE_BYTES);
  let controls = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) controls++;
  }
  return end > 0 && controls / end > CONTROL_SHARE;
}
