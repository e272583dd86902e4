/** Small helpers for raw SQL fragments, shared by the queries in lib/. */

/** A value for `like '%…%'`: its own `%`, `_` and `\` match literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A Postgres array literal (`{"a","b",NULL}`) bound as ONE parameter, to be cast in SQL
 * (`${pgArray(ids)}::uuid[]`): a 5,000-row unnest or `= any(…)` costs one bind parameter, not 5,000,
 * and works the same on postgres.js and PGlite.
 */
export function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}
