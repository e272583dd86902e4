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

/** Control characters, and UTF-16 surrogates that are not part of a pair. */
const CONTROL = /[\u0000-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A free-text search, trimmed; a long one is cut to `max` characters rather than dropped, so it never silently
 * lists everything. It goes into SQL as text, so it is made text the database takes: control characters count
 * as blanks (Postgres refuses a NUL, `?q=%00`, and the whole page failed) and a lone surrogate becomes U+FFFD
 * (PGlite refuses some). The cut never leaves half a surrogate pair or a trailing blank, so the search reads
 * back the same from the URL written for it.
 */
export function searchParam(max: number) {
  return optionalParam(
    z.string().transform((v) => {
      let text = v.replace(CONTROL, ' ').replace(LONE_SURROGATE, '\ufffd').trim().slice(0, max);
      if (/[\ud800-\udbff]$/.test(text)) text = text.slice(0, -1);
      return text.trimEnd() || undefined;
    }),
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
