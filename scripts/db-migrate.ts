import path from 'node:path';
import { migrateDatabase, openDatabase } from '@/db/client';
import { parseEnv } from '@/lib/env';

const env = parseEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: path.resolve(env.PGLITE_DIR), poolMax: 1 });
try {
  await migrateDatabase(handle, env.DATABASE_URL);
  console.log(
    `Migrated the ${handle.kind === 'pglite' ? `PGlite database in ${env.PGLITE_DIR}` : 'Postgres database'}.`,
  );
} finally {
  await handle.close();
}
