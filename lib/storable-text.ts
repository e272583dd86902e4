/** UTF-16 surrogates that are not part of a pair: not text, and PGlite refuses them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A lone surrogate becomes U+FFFD, as a browser's UTF-8 encoder would write it. */
export function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\ufffd');
}

/** Control characters (NUL among them, which Postgres refuses in text). */
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
