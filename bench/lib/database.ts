import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { onCleanup } from './cleanup';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The Postgres server of DATABASE_URL (default: the local one). Benchmarks only talk to this machine. */
export function benchServerUrl(): string {
  const url = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`Benchmarks run against a Postgres on this machine only; DATABASE_URL points at ${host}.`);
  }
  return url;
}

export interface BenchDatabase {
  name: string;
  /** URL of the new database (same server, credentials and options as the server URL). */
  url: string;
  /** Drops it (WITH FORCE, so open connections do not block); safe to call twice. */
  drop: () => Promise<void>;
  /** Keeps it after the run (for EXPLAIN); it is no longer dropped on cleanup. */
  keep: () => void;
}

/**
 * Creates an empty database `<prefix>_<random>` on the server and registers its drop as a cleanup
 * task, so it goes away however the run ends.
 */
export async function createBenchDatabase(serverUrl: string, prefix = 'ml_bench'): Promise<BenchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`Bad database prefix ${prefix}`);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const client = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await client.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await client.end({ timeout: 5 });
    }
  };
  const unregister = onCleanup(`drop database ${name}`, drop);
  return {
    name,
    url: url.toString(),
    drop: async () => {
      unregister();
      await drop();
    },
    keep: unregister,
  };
}

/**
 * Creates `name` on the server of `serverUrl` as a copy of the database `templateName` (no one may be
 * connected to it), dropped on cleanup like createBenchDatabase's.
 */
export async function cloneBenchDatabase(
  serverUrl: string,
  templateName: string,
  name: string,
): Promise<Pick<BenchDatabase, 'name' | 'url' | 'drop'>> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${templateName}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await client.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await client.end({ timeout: 5 });
    }
  };
  const unregister = onCleanup(`drop database ${name}`, drop);
  return { name, url: url.toString(), drop: async () => (unregister(), await drop()) };
}

/** The server's version string, e.g. "PostgreSQL 15.20". */
export async function serverVersion(url: string): Promise<string> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client<{ v: string }[]>`select current_setting('server_version') as v`;
    return `PostgreSQL ${row!.v}`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
