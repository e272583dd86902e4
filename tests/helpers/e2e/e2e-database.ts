/**
 * A fresh database for one server of the end-to-end suite. With DATABASE_URL set, a database of its
 * own on that Postgres server (dropped by `drop`); otherwise a PGlite folder inside `workDir`. It is
 * migrated and seeded here, before the server opens it: PGlite is one process's database, so nothing
 * else may touch it while the server runs.
 */
import postgres from 'postgres';
import { migrateDatabase, openDatabase } from '@/db/client';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { seedE2eData } from './seed-e2e';

/** The secret of the suite's servers on Postgres (deployments, which never generate one). */
const E2E_AUTH_SECRET = 'e2e-auth-secret-of-the-suite-0123456789';

export interface E2eDatabase {
  /** DATABASE_URL or PGLITE_DIR for the server's environment (the other one unset). */
  env: { DATABASE_URL?: string; PGLITE_DIR?: string };
  drop: () => Promise<void>;
}

export async function createE2eDatabase(
  workDir: string,
  options: { label: string; suiteData: boolean },
): Promise<E2eDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let env: E2eDatabase['env'];
  let drop = async () => {};
  if (serverUrl) {
    const name = `ml_${options.label}_${process.pid}_${Date.now().toString(36)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    drop = async () => {
      const owner = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await owner.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await owner.end();
      }
    };
  } else {
    env = { PGLITE_DIR: `${workDir}/pglite` };
  }

  process.env.DATA_DIR = workDir; // the seed hashes invitation secrets with this folder's key
  // A deployment's secret is never generated: the seed keys its hashes with the server's own.
  if (serverUrl) process.env.AUTH_SECRET = E2E_AUTH_SECRET;
  const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  try {
    await migrateDatabase(handle, env.DATABASE_URL);
    await seedDemoData(handle.db);
    if (options.suiteData) await seedE2eData(handle.db);
  } finally {
    await handle.close();
  }
  return { env, drop };
}

/**
 * What a server of the suite needs beyond its database. On Postgres it is a production deployment,
 * which refuses to start without a secret, its public address and an email provider: it gets a
 * fixed secret, APP_URL and, in place of a provider, the development mailbox (DEV_MAILBOX=1),
 * with the demo tenants asked for (SEED_DEMO_DATA=1). On PGlite it is demo mode and needs nothing;
 * APP_URL is still given, so links name the address the suite opens.
 */
export function serverEnv(database: E2eDatabase, appUrl: string): Record<string, string> {
  const env: Record<string, string> = { ...database.env, APP_URL: appUrl };
  if (database.env.DATABASE_URL) {
    Object.assign(env, {
      AUTH_SECRET: E2E_AUTH_SECRET,
      DEV_MAILBOX: '1',
      SEED_DEMO_DATA: '1',
    });
  }
  return env;
}
