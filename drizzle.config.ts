import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema.ts and committed; the app applies them at start-up
// (db/migrate.ts) on PGlite and on Postgres alike, so generation needs no database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  strict: true,
});
