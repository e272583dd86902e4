/**
 * The portal's security headers (docs/decisions.md, "Content Security Policy"). Pure functions: proxy.ts
 * sets the per-request ones (the CSP with its nonce, HSTS) and next.config.ts the static ones, for
 * every response including `_next/static` files, which the proxy does not see.
 */

/** Two years, subdomains included: the value HSTS preload lists ask for (without `preload`). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
/** Activation links carry their token in the path: no Referer at all leaves those pages. */
export const ACTIVATION_REFERRER_POLICY = 'no-referrer';

/** Headers that do not depend on the request, for next.config.ts `headers()`. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // For browsers without CSP `frame-ancestors`; the two agree.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: REFERRER_POLICY },
];

/** `/activate` and everything under it (the invited users' and administrators' activation pages). */
export function isActivationPath(pathname: string): boolean {
  return pathname === '/activate' || pathname.startsWith('/activate/');
}

/** A fresh, unguessable nonce for one response: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Whether the request reached the site over HTTPS: its own URL, or `X-Forwarded-Proto: https` from a
 * TLS-terminating proxy in front of `next start` (Vercel sets it too). Next.js 16 already reads that
 * header into the request's URL; it is checked here as well so the rule does not depend on that.
 *
 * A client can forge that header when nothing in front overwrites it. That is harmless for what it
 * decides here: browsers ignore HSTS received over plain HTTP (RFC 6797 §8.1), and
 * `upgrade-insecure-requests` on a forged request only upgrades that client's own subresources.
 */
export function isHttpsRequest(url: URL, headers: Headers): boolean {
  if (url.protocol === 'https:') return true;
  const forwarded = headers.get('x-forwarded-proto');
  return forwarded?.split(',')[0]?.trim().toLowerCase() === 'https';
}

export interface CspOptions {
  /** The response's nonce (base64), see createNonce. */
  nonce: string;
  /** `next dev`: React needs `eval` there to rebuild server error stacks in the browser. */
  dev: boolean;
  /** Served over HTTPS: adds `upgrade-insecure-requests`. */
  https: boolean;
}

/** The Content-Security-Policy header value for an HTML (or any) response. */
export function contentSecurityPolicy({ nonce, dev, https }: CspOptions): string {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(nonce)) throw new Error('A CSP nonce must be base64');
  const directives: string[] = [
    "default-src 'self'",
    // Next.js reads the nonce from this directive of the request's CSP and puts it on every script it
    // renders; 'strict-dynamic' lets those scripts load the chunks they need (and makes 'self' a
    // fallback for browsers without CSP 3). No 'unsafe-inline' for scripts, and 'unsafe-eval' only in
    // development.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Styles keep 'unsafe-inline', without a nonce (a nonce would make browsers ignore 'unsafe-inline'):
    // React renders `style` attributes (the organization tree's indentation, the dashboard's bars),
    // which a nonce cannot cover, and Radix's modal dialogs insert a <style> element at run time
    // (react-remove-scroll, to lock the page's scroll) without one. Scripts, the real risk, stay on
    // nonces; injected markup is escaped by React in the first place.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}
