import path from 'node:path';
import { type Db, type DbHandle, type DbKind, migrateDatabase, openDatabase } from '@/db/client';
import { getEnv } from '@/lib/env';

declare global {
  // One database per process, kept across hot reloads in development.
  var multilineDb: Promise<DbHandle> | undefined;
}
const globalForDb = globalThis;

/** Opens the database the configuration names, migrates it, and seeds an empty one when asked to. */
async function createAppDatabase(): Promise<DbHandle> {
  const env = getEnv();
  const handle = await openDatabase({
    url: env.DATABASE_URL,
    pgliteDir: path.resolve(env.PGLITE_DIR),
    poolMax: env.DATABASE_POOL_MAX,
  });
  await migrateDatabase(handle, env.DATABASE_URL);
  if (env.seedDemoData) {
    const { seedDemoDataIfEmpty } = await import('@/lib/demo/seed-demo-data');
    await seedDemoDataIfEmpty(handle.db);
  }
  return handle;
}

/**
 * The app's one database, created lazily on first use (so `next build` never opens it) and kept on
 * globalThis so development reloads reuse it. Migrates, and seeds an empty database, on first use.
 */
export async function getDb(): Promise<Db> {
  if (!globalForDb.multilineDb) {
    globalForDb.multilineDb = createAppDatabase().catch((error: unknown) => {
      globalForDb.multilineDb = undefined;
      throw error;
    });
  }
  return (await globalForDb.multilineDb).db;
}

export async function getDbKind(): Promise<DbKind> {
  await getDb();
  return (await globalForDb.multilineDb!).kind;
}

/** Closes the app's database if it was opened (tools and tests; a server keeps it for its lifetime). */
export async function closeDb(): Promise<void> {
  const pending = globalForDb.multilineDb;
  globalForDb.multilineDb = undefined;
  if (pending) await (await pending).close();
}
