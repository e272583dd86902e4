/**
 * The server the end-to-end suite drives: the production build (`next build`, skipped when
 * E2E_SKIP_BUILD=1 because CI built once already) served by `next start` on a database of its own
 * (tests/helpers/e2e/e2e-database.ts), seeded with the demo tenants and the suite's own data.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createE2eDatabase, serverEnv } from './e2e-database';
import { serveUntilStopped } from './server-process';

const port = process.env.E2E_PORT ?? '3100';
const workDir = mkdtempSync(path.join(tmpdir(), 'multiline-e2e-'));

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const database = await createE2eDatabase(workDir, { label: 'e2e', suiteData: true });
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: workDir, SEED_DEMO_DATA: '1', PORT: port };
delete env.DATABASE_URL;
Object.assign(env, serverEnv(database, `http://localhost:${port}`));
serveUntilStopped('e2e-server', ['npx', 'next', 'start', '-p', port], { env, database, workDir });
