import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyPassword } from '@/lib/auth/password';
import { loadAdminScope } from '@/lib/auth/scope';
import { scriptsDatabase } from '../helpers/scripts';
import { administrators } from '@/db/schema';
import { eq } from 'drizzle-orm';

/** `npm run tenant:create`: the way a real deployment gets its first tenant and owner. */
describe('scripts/create-tenant.ts', () => {
  const scripts = scriptsDatabase('ml-tenant-');
  const run = (...args: string[]) => scripts.run('create-tenant', ...args);

  it('creates the tenant and an owner who can sign in with the printed password', async () => {
    const result = run(
      '--name',
      'Initrode',
      '--code',
      '5000',
      '--owner-email',
      'Boss@Initrode.test',
      '--owner-name',
      'Ida Boss',
    );
    assert.equal(result.status, 0, result.stderr);
    const password = /Password \(shown once[^)]*\): (\S+)/.exec(result.stdout)?.[1];
    assert.ok(password, result.stdout);

    await scripts.read(async (db) => {
      const scope = await loadAdminScope(db, { email: 'boss@initrode.test' });
      assert.ok(scope);
      assert.equal(scope.role, 'owner');
      assert.equal(scope.organizationName, 'Initrode');
      assert.equal(scope.tenantId, scope.organizationId);
      const [admin] = await db.select().from(administrators).where(eq(administrators.id, scope.id));
      assert.equal(await verifyPassword(password, admin!.passwordHash!), true);
    });
  });

  it('refuses a second tenant with the same owner email, and bad arguments, with a clear message', () => {
    const again = run('--name', 'Other', '--code', '5001', '--owner-email', 'boss@initrode.test', '--owner-name', 'X');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already in use/);

    const bad = run('--name', 'Other', '--code', 'has space', '--owner-email', 'not-an-email', '--owner-name', 'X');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Usage: npm run tenant:create/);
  });
});
