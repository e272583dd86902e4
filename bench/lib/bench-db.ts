import postgres from 'postgres';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from '@/db/schema';

/**
 * A benchmark's own SQL goes through the schema too (tables and columns interpolated from
 * db/schema.ts), on a drizzle database of its own. Not db/client.ts's openDatabase: that module finds
 * its migrations from the working directory when it is first imported, which a benchmark sets later.
 */
export type BenchDb = PostgresJsDatabase<typeof schema>;

/** A drizzle database on one connection of `url`, closed once `run` is done. */
export async function withBenchDb<T>(url: string, run: (db: BenchDb) => Promise<T>): Promise<T> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await run(drizzle({ client, schema }));
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** The target list of an `insert into t (…)`: the columns' bare names, as INSERT wants them. */
export function columnList(...columns: AnyColumn[]): SQL {
  return sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
}
