import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { getDummyPasswordHash, hashPassword, verifyPassword } from '@/lib/auth/password';

describe('administrator passwords (scrypt)', () => {
  let hash: string;
  before(async () => {
    hash = await hashPassword('correct horse battery staple');
  });

  it('stores scheme, cost parameters, salt and key, not the password', () => {
    const parts = hash.split('$');
    assert.equal(parts.length, 6);
    assert.equal(parts[0], 'scrypt');
    assert.ok(Number(parts[1]) >= 16384, 'N is memory-hard');
    assert.ok(!hash.includes('correct horse'));
  });

  it('verifies the right password', async () => {
    assert.equal(await verifyPassword('correct horse battery staple', hash), true);
  });

  it('rejects a wrong password', async () => {
    assert.equal(await verifyPassword('correct horse battery stapler', hash), false);
    assert.equal(await verifyPassword('', hash), false);
    assert.equal(await verifyPassword('Correct horse battery staple', hash), false);
  });

  it('salts: the same password hashes differently twice, and both verify', async () => {
    const again = await hashPassword('correct horse battery staple');
    assert.notEqual(again, hash);
    assert.equal(await verifyPassword('correct horse battery staple', again), true);
  });

  it('normalizes Unicode (NFKC) so a composed and a decomposed é match', async () => {
    const composed = await hashPassword('caf\u00e9-passw0rd');
    assert.equal(await verifyPassword('cafe\u0301-passw0rd', composed), true);
  });

  it('answers false, never throws, for a malformed stored hash', async () => {
    const [, n, r, p, salt] = hash.split('$');
    const malformed = [
      '',
      'garbage',
      'scrypt$1$2',
      `bcrypt$${n}$${r}$${p}$${salt}$abc`,
      `scrypt$${n}$${r}$${p}$${salt}$`,
      `scrypt$${n}$${r}$${p}$${salt}$AAAA`,
      `scrypt$abc$${r}$${p}$${salt}$AAAA`,
      `scrypt$3$${r}$${p}$${salt}$AAAA`,
      `scrypt$1048576$${r}$${p}$${salt}$AAAA`,
    ];
    for (const stored of malformed) {
      assert.equal(await verifyPassword('correct horse battery staple', stored), false, JSON.stringify(stored));
    }
  });

  it('has a dummy hash that verifies nothing guessable and is reused', async () => {
    const dummy = await getDummyPasswordHash();
    assert.equal(await getDummyPasswordHash(), dummy);
    assert.equal(await verifyPassword('', dummy), false);
    assert.equal(await verifyPassword('multiline-demo', dummy), false);
  });
});
