import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db, DbHandle } from '@/db/client';
import { getDb } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface AppDatabase {
  db: Db;
  close(): Promise<void>;
}

/**
 * The app's own database (lib/db.ts: opened from the environment, migrated and seeded with the demo
 * data on first use), for route handlers that open it themselves: a fresh database on the Postgres of
 * DATABASE_URL, else a PGlite folder of its own (named after `tmpPrefix`).
 */
export async function openAppDatabase(tmpPrefix: string): Promise<AppDatabase> {
  let t: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  process.env.SEED_DEMO_DATA = '1';
  if (process.env.DATABASE_URL) {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
  } else {
    pgliteDir = mkdtempSync(path.join(tmpdir(), tmpPrefix));
    process.env.PGLITE_DIR = pgliteDir;
  }
  return {
    db: await getDb(),
    async close() {
      const handle = await (globalThis as unknown as { multilineDb?: Promise<DbHandle> }).multilineDb;
      await handle?.close();
      await t?.close();
      if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    },
  };
}
