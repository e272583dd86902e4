import { z } from 'zod';

/**
 * Pieces of the list pages' URL views (Accounts, Numbers, Activity). A view lives in the URL so it can be
 * shared and the back button works; a malformed parameter falls back to its default, since a URL is not a
 * form to reject.
 */

/** The first of a repeated parameter (`?q=a&q=b` gives `a`). */
export const first = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[0] : v);

/** The first value, with an empty or blank one read as absent. */
export const blankToUndefined = (v: unknown) => {
  const x = first(v);
  return typeof x === 'string' && x.trim() === '' ? undefined : x;
};

/** An optional filter: absent when blank, and dropped (not rejected) when malformed. */
export function optionalParam<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional()).catch(undefined);
}

/** A free-text search, trimmed; a long one is cut to `max` characters rather than dropped, so it never silently lists everything. */
export function searchParam(max: number) {
  return optionalParam(
    z
      .string()
      .trim()
      .transform((v) => v.slice(0, max)),
  );
}

/** A 1-based page number; 1 when absent or malformed. */
export const pageParam = z.preprocess(first, z.coerce.number().int().min(1).max(1_000_000)).catch(1);

/** One of the offered page sizes; `fallback` otherwise. */
export function pageSizeParam<const S extends readonly number[]>(sizes: S, fallback: S[number]) {
  return z
    .preprocess(first, z.coerce.number().pipe(z.union(sizes.map((s) => z.literal(s as S[number])))))
    .catch(fallback);
}

/**
 * `?a=1&b=2` from the values in their order, leaving out absent and empty values and those equal to their
 * default, so URLs stay short; an empty string when nothing is left.
 */
export function queryString(
  values: Record<string, string | number | undefined>,
  defaults: Record<string, string | number> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '' || value === defaults[key]) continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
