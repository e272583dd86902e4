import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

describe('npm run worker', () => {
  it('refuses PGlite (no DATABASE_URL) with a message, since only one process may open it', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AUTH_SECRET: 'worker-test-secret-000000000000000',
    };
    delete env['DATABASE_URL'];
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], { env, encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /npm run worker needs DATABASE_URL/);
    assert.doesNotMatch(run.stderr, /at \w+ \(/, 'no stack trace');
  });
});
