import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  contentSecurityPolicy,
  createNonce,
  isActivationPath,
  isHttpsRequest,
  STATIC_SECURITY_HEADERS,
} from '@/lib/security-headers';
import { directives } from '../helpers/csp';

describe('contentSecurityPolicy', () => {
  const nonce = 'AAECAwQFBgcICQoLDA0ODw==';

  it('allows scripts by nonce only in production, with strict-dynamic and no unsafe-inline or unsafe-eval', () => {
    const csp = contentSecurityPolicy({ nonce, dev: false, https: false });
    assert.equal(
      csp,
      "default-src 'self'; script-src 'self' 'nonce-AAECAwQFBgcICQoLDA0ODw==' 'strict-dynamic'; " +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    assert.deepEqual(directives(csp).get('script-src'), ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    assert.ok(!csp.includes('unsafe-eval'));
  });

  it('adds unsafe-eval in development only, where React needs it', () => {
    const csp = contentSecurityPolicy({ nonce, dev: true, https: false });
    assert.deepEqual(directives(csp).get('script-src'), [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      "'unsafe-eval'",
    ]);
  });

  it('keeps styles on unsafe-inline without a nonce, which would make browsers ignore unsafe-inline', () => {
    const csp = contentSecurityPolicy({ nonce, dev: false, https: true });
    assert.deepEqual(directives(csp).get('style-src'), ["'self'", "'unsafe-inline'"]);
  });

  it('upgrades insecure requests only over HTTPS', () => {
    assert.ok(directives(contentSecurityPolicy({ nonce, dev: false, https: true })).has('upgrade-insecure-requests'));
    assert.ok(!directives(contentSecurityPolicy({ nonce, dev: false, https: false })).has('upgrade-insecure-requests'));
  });

  it('refuses a nonce that could break out of its source expression', () => {
    assert.throws(() => contentSecurityPolicy({ nonce: "x' 'unsafe-inline", dev: false, https: false }));
    assert.throws(() => contentSecurityPolicy({ nonce: 'a; script-src *', dev: false, https: false }));
    assert.throws(() => contentSecurityPolicy({ nonce: '', dev: false, https: false }));
  });
});

describe('createNonce', () => {
  it('gives 128 random bits in base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    assert.equal(nonces.size, 1000);
    for (const n of nonces) {
      assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
      assert.equal(Buffer.from(n, 'base64').length, 16);
    }
  });

  it('is accepted by contentSecurityPolicy', () => {
    assert.ok(contentSecurityPolicy({ nonce: createNonce(), dev: false, https: false }).includes("'nonce-"));
  });
});

describe('isHttpsRequest', () => {
  it('trusts the URL', () => {
    assert.equal(isHttpsRequest(new URL('https://portal.example/'), new Headers()), true);
    assert.equal(isHttpsRequest(new URL('http://portal.example/'), new Headers()), false);
  });

  it('honours X-Forwarded-Proto from a TLS-terminating proxy, the first hop when there are several', () => {
    const url = new URL('http://portal.example/');
    assert.equal(isHttpsRequest(url, new Headers({ 'x-forwarded-proto': 'https' })), true);
    assert.equal(isHttpsRequest(url, new Headers({ 'x-forwarded-proto': 'HTTPS' })), true);
    assert.equal(isHttpsRequest(url, new Headers({ 'x-forwarded-proto': 'https, http' })), true);
    assert.equal(isHttpsRequest(url, new Headers({ 'x-forwarded-proto': 'http' })), false);
  });
});

describe('isActivationPath', () => {
  it('is /activate and everything under it, nothing else', () => {
    assert.equal(isActivationPath('/activate'), true);
    assert.equal(isActivationPath('/activate/abc'), true);
    assert.equal(isActivationPath('/activate/admin/abc'), true);
    assert.equal(isActivationPath('/activated'), false);
    assert.equal(isActivationPath('/accounts'), false);
  });
});

describe('STATIC_SECURITY_HEADERS', () => {
  it('sends nosniff, no framing and the default referrer policy', () => {
    assert.deepEqual(Object.fromEntries(STATIC_SECURITY_HEADERS.map((h) => [h.key, h.value])), {
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
  });
});
