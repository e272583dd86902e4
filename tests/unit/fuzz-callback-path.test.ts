import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { safeCallbackPath } from '@/lib/auth/config';
import { anyText, checkProperty, FuzzTally, stringOf } from '../helpers/fuzz';

/*
 * Fuzzing the sign-in redirect's sanitizer (safeCallbackPath, lib/auth/config.ts): whatever the
 * callbackUrl, the answer is a path of this site. Resolved against the portal's origin, as a browser
 * resolves a Location header (WHATWG URL parsing, which also drops tabs and line breaks), it stays on
 * that origin.
 */

const tally = new FuzzTally('redirect sanitizer');
after(() => tally.report());

const PORTAL = 'https://portal.example';

/** Bits of open-redirect payloads: slashes and backslashes, dot segments, encodings, schemes, hosts. */
const DANGEROUS = [
  '/',
  '/',
  '\\',
  '//',
  '///',
  '/\\',
  '\\/',
  '/./',
  '/../',
  '../',
  './',
  '.',
  '..',
  '%2e',
  '%2e%2e',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '%252f',
  '%09',
  '%0a',
  '%0d',
  '%00',
  '%',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u000b',
  '\u000c',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u200b',
  '\ufeff',
  ' ',
  '@',
  ':',
  '#',
  '?',
  '&',
  '=',
  'evil.example',
  'evil.example:443',
  'user:pass@',
  'portal.example',
  'portal.example.evil.example',
  'site.invalid',
  'localhost',
  '127.0.0.1',
  '[::1]',
  'http:',
  'https:',
  'HTTPS:',
  'javascript:',
  'JaVaScRiPt:alert(1)',
  'data:text/html,',
  'file:',
  'blob:',
  'mailto:',
  'accounts',
  'sign-in',
  '?callbackUrl=',
  '／',
  '＼',
  '。',
  'ⅇvil',
  'é',
  '😀',
  '\ud800',
];

/** URL-ish strings: absolute and protocol-relative URLs, and paths with a host hidden in them. */
const urlish = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.webUrl().map((url) => url.replace(/^https?:/, '')),
  fc.webUrl().map((url) => `/${url}`),
  fc.webUrl().map((url) => url.replace(/^https?:\/\//, '/\\')),
  fc.webPath(),
  fc.domain().map((host) => `//${host}/accounts`),
  fc.domain().map((host) => `/\t/${host}`),
  fc.domain().map((host) => `/%2f${host}`),
  fc.domain().map((host) => `/.//${host}`),
  fc.domain().map((host) => `/..//${host}`),
);

const dangerous = fc.oneof(
  stringOf(DANGEROUS, 12),
  stringOf(DANGEROUS, 12).map((s) => `/${s}`),
  fc.tuple(stringOf(DANGEROUS, 6), urlish, stringOf(DANGEROUS, 6)).map((parts) => parts.join('')),
);

const callbackUrl = fc.oneof(
  anyText(300),
  anyText(300).map((s) => `/${s}`),
  dangerous,
  urlish,
  fc.string({ minLength: 2040, maxLength: 2100 }).map((s) => `/${s}`),
);

/** The answer must be a path of this site, however it is read. */
function assertSafe(input: unknown, result: unknown): void {
  const where = `safeCallbackPath(${JSON.stringify(input)}) = ${JSON.stringify(result)}`;
  assert.equal(typeof result, 'string', where);
  const path = result as string;
  assert.ok(path.startsWith('/'), `${where}: not a path`);
  assert.ok(!path.startsWith('//'), `${where}: protocol-relative`);
  assert.ok(!/[\u0000-\u001f\u007f\\]/.test(path), `${where}: control character or backslash`);
  const resolved = new URL(path, PORTAL);
  assert.equal(resolved.origin, PORTAL, `${where}: resolves to ${resolved.href}`);
  // A browser drops tabs and line breaks before it parses; nothing of the kind is left, but resolve that too.
  assert.equal(new URL(path.replace(/[\t\n\r]/g, ''), PORTAL).origin, PORTAL, where);
  // The answer is a finished path: sanitizing it again changes nothing.
  assert.equal(safeCallbackPath(path), path, `${where}: not stable`);
}

describe('fuzz: safeCallbackPath always answers a path of this site', () => {
  it('arbitrary text, dangerous fragments and URL-ish strings', () => {
    checkProperty(
      tally,
      'strings',
      fc.property(callbackUrl, (input) => {
        assertSafe(input, safeCallbackPath(input));
      }),
      8000,
    );
  });

  it('any value at all (the callbackUrl of a form may be anything)', () => {
    checkProperty(
      tally,
      'any value',
      fc.property(fc.anything(), (input) => {
        assertSafe(input, safeCallbackPath(input));
      }),
      1000,
    );
  });

  it('a plain path of this site is kept as it is (the sanitizer is not stricter than it needs to be)', () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,15}$/);
    const plainPath = fc
      .record({
        segments: fc.array(segment, { maxLength: 5 }),
        query: fc.option(fc.array(fc.tuple(segment, segment), { minLength: 1, maxLength: 3 })),
        hash: fc.option(segment),
      })
      .map(
        ({ segments, query, hash }) =>
          `/${segments.join('/')}${query ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}${hash ? `#${hash}` : ''}`,
      );
    checkProperty(
      tally,
      'plain paths',
      fc.property(plainPath, (path) => {
        assert.equal(safeCallbackPath(path), path);
      }),
      1000,
    );
  });
});
