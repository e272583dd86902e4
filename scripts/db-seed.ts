import path from 'node:path';
import { migrateDatabase, openDatabase } from '@/db/client';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { parseEnv } from '@/lib/env';

// PGlite is one process's database: stop the app before seeding its data folder.
const env = parseEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: path.resolve(env.PGLITE_DIR), poolMax: 1 });
try {
  await migrateDatabase(handle, env.DATABASE_URL);
  const seeded = await seedDemoData(handle.db);
  console.log(
    seeded ? 'Seeded the demo tenants (Acme Corp, Globex).' : 'The demo tenants are already there; nothing seeded.',
  );
} finally {
  await handle.close();
}
