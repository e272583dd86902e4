import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The CSV files under tests/fixtures/csv, resolved from this file so any working directory works. */
const CSV_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/csv');

export function csvFixturePath(name: string): string {
  return path.join(CSV_FIXTURES, name);
}

export function readCsvFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(csvFixturePath(name)));
}
