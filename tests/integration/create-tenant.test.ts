import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '@/db/client';
import { verifyPassword } from '@/lib/auth/password';
import { loadAdminScope } from '@/lib/auth/scope';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { administrators } from '@/db/schema';
import { eq } from 'drizzle-orm';

/** `npm run tenant:create`: the way a real deployment gets its first tenant and owner. */
describe('scripts/create-tenant.ts', () => {
  let t: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };

  before(async () => {
    if (process.env.DATABASE_URL) {
      t = await createTestDatabase();
      env.DATABASE_URL = t.url;
    } else {
      pgliteDir = mkdtempSync(path.join(os.tmpdir(), 'ml-tenant-'));
      env.PGLITE_DIR = pgliteDir;
      delete env.DATABASE_URL;
    }
  });
  after(async () => {
    await t?.close();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    spawnSync('npx', ['tsx', 'scripts/create-tenant.ts', ...args], { env, encoding: 'utf8', timeout: 120_000 });

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

    const handle = t ? t.handle : await openDatabase({ pgliteDir });
    try {
      const scope = await loadAdminScope(handle.db, { email: 'boss@initrode.test' });
      assert.ok(scope);
      assert.equal(scope.role, 'owner');
      assert.equal(scope.organizationName, 'Initrode');
      assert.equal(scope.tenantId, scope.organizationId);
      const [admin] = await handle.db.select().from(administrators).where(eq(administrators.id, scope.id));
      assert.equal(await verifyPassword(password, admin!.passwordHash!), true);
    } finally {
      if (!t) await handle.close();
    }
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
