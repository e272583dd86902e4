import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import * as schema from '@/db/schema';
import { getEnv } from '@/lib/env';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  kind: DbKind;
  close: () => Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), 'db/migrations');

/**
 * Opens a database without migrating it. PGlite when no URL is given (one process's database:
 * never open one data folder from two processes), postgres.js otherwise.
 */
export async function openDatabase(options: { url?: string; pgliteDir?: string; poolMax?: number }): Promise<DbHandle> {
  if (options.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      connection: { application_name: 'multiline-portal' },
    });
    return {
      db: drizzle({ client, schema }) as unknown as Db,
      kind: 'postgres',
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = options.pgliteDir;
  if (dir && !dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create({ dataDir: dir, extensions: { pg_trgm } });
  return {
    db: drizzle({ client, schema }) as unknown as Db,
    kind: 'pglite',
    close: () => client.close(),
  };
}

/** Applies the committed drizzle-kit migrations; on Postgres under an advisory lock, so that
 * several instances starting at once migrate one after the other. */
export async function migrateDatabase(handle: DbHandle, url?: string): Promise<void> {
  if (handle.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder });
    return;
  }
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url!, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(727274)`;
    await migrate(drizzle({ client }), { migrationsFolder });
    await client`select pg_advisory_unlock(727274)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Rows of a raw query, whichever driver runs it. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

const globalForDb = globalThis as unknown as { multilineDb?: Promise<DbHandle> };

async function createAppDatabase(): Promise<DbHandle> {
  const env = getEnv();
  const handle = await openDatabase({
    url: env.DATABASE_URL,
    pgliteDir: path.resolve(env.PGLITE_DIR),
    poolMax: env.DATABASE_POOL_MAX,
  });
  await migrateDatabase(handle, env.DATABASE_URL);
  if (env.seedDemoData) {
    const { seedDemoDataIfEmpty } = await import('@/db/seed');
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
