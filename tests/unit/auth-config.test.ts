import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SIGN_IN_PATH, isPublicPath, safeCallbackPath } from '@/lib/auth/config';

describe('safeCallbackPath', () => {
  it('keeps a path on this site, with its query', () => {
    assert.equal(safeCallbackPath('/accounts?x=1'), '/accounts?x=1');
    assert.equal(safeCallbackPath('/'), '/');
    assert.equal(safeCallbackPath('/accounts/123#top'), '/accounts/123#top');
  });

  it('turns anything that could leave the site into "/"', () => {
    for (const value of [
      '//evil.com',
      '//evil.com/accounts',
      'https://x',
      'http://evil.com/',
      '/\\evil.com',
      'javascript:alert(1)',
      'accounts',
      '',
      // Browsers drop tabs and newlines and read "\\" as "/": each of these would leave the site.
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/\\/evil.example',
      // Dot segments that resolve to a protocol-relative "//host".
      '/.//evil.example',
      '/a/../..//evil.example',
    ]) {
      assert.equal(safeCallbackPath(value), '/', value);
    }
  });

  it('turns a non-string into "/"', () => {
    for (const value of [undefined, null, 42, ['/accounts'], { href: '/accounts' }]) {
      assert.equal(safeCallbackPath(value), '/');
    }
  });
});

describe('isPublicPath', () => {
  it('lets a signed-out visitor open sign-in, activation and the machine APIs', () => {
    for (const p of [
      SIGN_IN_PATH,
      '/activate',
      '/activate/abc123',
      '/api/auth/session',
      '/api/v1/activate',
      '/api/webhooks/resend',
      '/api/cron/outbox',
    ]) {
      assert.equal(isPublicPath(p), true, p);
    }
  });

  it('keeps the admin pages private, including look-alike prefixes', () => {
    for (const p of [
      '/',
      '/accounts',
      '/administrators',
      '/api/accounts/export',
      '/sign-inx',
      '/activated',
      '/api/v10',
      '/api/authx',
      // The development mailbox holds passwords and set-password links.
      '/dev/mailbox',
      '/dev/mailbox/1',
      '/dev/emails',
    ]) {
      assert.equal(isPublicPath(p), false, p);
    }
  });
});
