/**
 * The self-hosting artifact under test: `node .next/standalone/server.js` from the suite's one build
 * (next.config.ts has `output: 'standalone'`), on a database of its own, started as the README tells
 * a self-hoster to: the static files copied beside the server, the server run from its own folder.
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createE2eDatabase, serverEnv } from './e2e-database';
import { serveUntilStopped } from './server-process';

const port = process.env.E2E_STANDALONE_PORT ?? '3101';
const distDir = process.env.NEXT_DIST_DIR || '.next';
const standaloneDir = path.resolve(distDir, 'standalone');
if (!existsSync(path.join(standaloneDir, 'server.js'))) {
  console.error(`[standalone-server] ${standaloneDir}/server.js is missing: run \`npm run build\` first.`);
  process.exit(1);
}
cpSync(path.resolve(distDir, 'static'), path.join(standaloneDir, distDir, 'static'), { recursive: true });

const workDir = mkdtempSync(path.join(tmpdir(), 'multiline-standalone-'));
const database = await createE2eDatabase(workDir, { label: 'standalone', suiteData: false });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  DATA_DIR: workDir,
  SEED_DEMO_DATA: '1',
  PORT: port,
  HOSTNAME: '127.0.0.1',
};
delete env.DATABASE_URL;
Object.assign(env, serverEnv(database, `http://127.0.0.1:${port}`));
serveUntilStopped('standalone-server', ['node', path.join(standaloneDir, 'server.js')], { env, database, workDir });
