/**
 * The server the end-to-end suite drives: the production build (`next build`, skipped when
 * E2E_SKIP_BUILD=1 because CI built once already) served by `next start` on a database of its own.
 * With DATABASE_URL set, a fresh database on that Postgres server (dropped at the end); otherwise a
 * fresh PGlite folder. The database is migrated and seeded before the server opens it: PGlite is
 * one process's database, so nothing else may touch it while the server runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { migrateDatabase, openDatabase } from '@/db/client';
import { seedDemoData } from '@/db/seed';
import { seedE2eData } from './seed-e2e';

const port = process.env.E2E_PORT ?? '3100';
const serverUrl = process.env.DATABASE_URL;
const workDir = mkdtempSync(path.join(tmpdir(), 'multiline-e2e-'));
let databaseName: string | undefined;

function databaseUrl(name: string): string {
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase() {
  if (!databaseName) return;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
  } finally {
    await admin.end();
  }
  databaseName = undefined;
}

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: workDir, SEED_DEMO_DATA: '1', PORT: port };
if (serverUrl) {
  databaseName = `ml_e2e_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${databaseName}"`);
  await admin.end();
  env.DATABASE_URL = databaseUrl(databaseName);
} else {
  delete env.DATABASE_URL;
  env.PGLITE_DIR = path.join(workDir, 'pglite');
}

process.env.DATA_DIR = workDir; // the seed hashes invitation secrets with this folder's key
const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
await migrateDatabase(handle, env.DATABASE_URL);
await seedDemoData(handle.db);
await seedE2eData(handle.db);
await handle.close();

const server = spawn('npx', ['next', 'start', '-p', port], { env, stdio: 'inherit' });
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
  await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
  await dropDatabase().catch((error) => console.error('[e2e-server] could not drop the database', error));
  rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
server.on('exit', (code) => void stop(code ?? 1));
