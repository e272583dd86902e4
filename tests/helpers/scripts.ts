import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { type Db, openDatabase } from '@/db/client';
import { createTestDatabase, type TestDatabase } from './test-db';

/** Runs `scripts/<script>.ts` with `args` the way an operator does (`npx tsx`), waiting for it to end. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync('npx', ['tsx', `scripts/${script}.ts`, ...args], { env, encoding: 'utf8', timeout: 120_000 });
}

/**
 * A database the suite shares with the scripts it runs as child processes: a fresh database on the
 * Postgres of DATABASE_URL, else a PGlite folder of its own (named after `tmpPrefix`). Registers the
 * suite's before and after hooks: call it in the describe block.
 */
export function scriptsDatabase(tmpPrefix: string) {
  let t: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };

  before(async () => {
    if (process.env.DATABASE_URL) {
      t = await createTestDatabase();
      env.DATABASE_URL = t.url;
    } else {
      pgliteDir = mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
      env.PGLITE_DIR = pgliteDir;
      delete env.DATABASE_URL;
    }
  });
  after(async () => {
    await t?.close();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  });

  return {
    /** Runs `scripts/<script>.ts` with `args` on this database. */
    run: (script: string, ...args: string[]) => runScript(script, args, env),
    /** Reads this database; a PGlite folder is opened for the read only, so the next script can open it. */
    async read<T>(read: (db: Db) => Promise<T>): Promise<T> {
      const handle = t ? t.handle : await openDatabase({ pgliteDir });
      try {
        return await read(handle.db);
      } finally {
        if (!t) await handle.close();
      }
    },
  };
}
