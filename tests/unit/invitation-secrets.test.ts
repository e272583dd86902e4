import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  generateActivationPassword,
  generateLinkToken,
  hashActivationPassword,
  hashesEqual,
  hashLinkToken,
} from '@/lib/invitations/secrets';

// keyedHash reads AUTH_SECRET lazily, on first use: set a fixed one so no secret file is written.
process.env.AUTH_SECRET ??= 'test-auth-secret-for-unit-tests-00000000';

const SAMPLES = 2000;
const passwords = Array.from({ length: SAMPLES }, () => generateActivationPassword());

describe('activation password', () => {
  it('uses a readable alphabet: no 0/O, 1/l/I', () => {
    for (const p of passwords) {
      assert.doesNotMatch(p, /[0O1lI]/, p);
      assert.match(p, /^[A-Za-z0-9-]+$/, p);
    }
  });

  it('is grouped by dashes that carry no entropy', () => {
    for (const p of passwords.slice(0, 50)) assert.match(p, /^[^-]{4}(-[^-]{4})+$/, p);
  });

  it('has at least 60 bits of entropy', () => {
    const alphabet = new Set(passwords.join('').replace(/-/g, ''));
    const length = passwords[0]!.replace(/-/g, '').length;
    for (const p of passwords) assert.equal(p.replace(/-/g, '').length, length);
    const bits = length * Math.log2(alphabet.size);
    assert.ok(bits >= 60, `${length} characters of ${alphabet.size} = ${bits.toFixed(1)} bits`);
    // Every character is drawn from the whole alphabet: no position is fixed.
    for (let i = 0; i < length; i++) {
      const atPosition = new Set(passwords.map((p) => p.replace(/-/g, '')[i]));
      assert.ok(atPosition.size > alphabet.size / 2, `position ${i} uses ${atPosition.size} characters`);
    }
  });

  it('is random: no repeats among the samples', () => {
    assert.equal(new Set(passwords).size, SAMPLES);
  });
});

describe('activation link token', () => {
  it('is URL-safe and carries at least 128 bits', () => {
    const tokens = Array.from({ length: 200 }, () => generateLinkToken());
    for (const t of tokens) {
      assert.match(t, /^[A-Za-z0-9_-]+$/);
      assert.ok(Buffer.from(t, 'base64url').length * 8 >= 128, t);
    }
    assert.equal(new Set(tokens).size, tokens.length);
  });
});

describe('secret hashes', () => {
  const password = 'Ab2c-De3f-Gh4k';

  it('are stable for one value and differ between values', () => {
    assert.equal(hashActivationPassword(password), hashActivationPassword(password));
    assert.notEqual(hashActivationPassword(password), hashActivationPassword('Ab2c-De3f-Gh4m'));
    const token = generateLinkToken();
    assert.equal(hashLinkToken(token), hashLinkToken(token));
    assert.notEqual(hashLinkToken(token), hashLinkToken(generateLinkToken()));
  });

  it('ignore dashes and spaces in a typed password, but not case', () => {
    const h = hashActivationPassword(password);
    assert.equal(hashActivationPassword('Ab2cDe3fGh4k'), h);
    assert.equal(hashActivationPassword('Ab2c De3f Gh4k'), h);
    assert.equal(hashActivationPassword(' Ab2c-De3f -Gh4k\n'), h);
    assert.notEqual(hashActivationPassword('ab2c-de3f-gh4k'), h);
  });

  it('are keyed and separated by purpose', () => {
    const value = 'Ab2cDe3fGh4k';
    assert.notEqual(hashActivationPassword(value), createHash('sha256').update(value).digest('base64url'));
    assert.notEqual(hashActivationPassword(value), hashLinkToken(value));
    assert.ok(!hashActivationPassword(value).includes(value));
  });

  it('compare in constant time and by value', () => {
    const h = hashLinkToken('token-a');
    assert.equal(hashesEqual(h, hashLinkToken('token-a')), true);
    assert.equal(hashesEqual(h, hashLinkToken('token-b')), false);
    assert.equal(hashesEqual(h, h.slice(1)), false);
    assert.equal(hashesEqual('', ''), true);
  });
});
