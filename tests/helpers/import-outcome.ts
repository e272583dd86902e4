import assert from 'node:assert/strict';
import type { ParseOutcome } from '@/lib/import/parse-import';

/** The parser's options for a file of US numbers. */
export const US = { defaultCountry: 'US' };

/** A file's text as the browser reads it: UTF-8 bytes. */
export const utf8 = (text: string) => new TextEncoder().encode(text);

/** The outcome of a file that has rows; fails the test on a whole-file error. */
export function parsedRows(outcome: ParseOutcome) {
  if (!outcome.ok) assert.fail(`expected rows, got the error: ${outcome.error}`);
  return outcome;
}

/** The whole-file error of an outcome; fails the test when the file has rows. */
export function fileError(outcome: ParseOutcome): string {
  if (outcome.ok) assert.fail(`expected a whole-file error, got ${outcome.rows.length} rows`);
  return outcome.error;
}
