import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';

import { type Db, type DbHandle, type DbKind, migrateDatabase, openDatabase } from '@/db/client';
import { organizations, permissionGroups } from '@/db/schema';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { type AdminScope, loadAdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';

// lib/env.ts reads (and caches) the configuration on first use, not on import, so setting it here
// comes early enough. A fixed secret: no auth-secret file is written into the project's .data.
export const TEST_AUTH_SECRET = 'test-auth-secret-for-unit-tests-00000000';
process.env.AUTH_SECRET ??= TEST_AUTH_SECRET;
process.env.DATA_DIR ??= path.join(os.tmpdir(), `ml-test-data-${process.pid}`);

export interface TestDatabase {
  db: Db;
  kind: DbKind;
  /** The URL of the test's own Postgres database; undefined on PGlite. */
  url?: string;
  handle: DbHandle;
  close: () => Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new `ml_test_<random>` database on the server of
 * DATABASE_URL when it is set (dropped again on close), PGlite in memory otherwise.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ pgliteDir: 'memory://' });
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
    let closed = false;
    return {
      db: handle.db,
      kind: handle.kind,
      handle,
      close: async () => {
        if (closed) return;
        closed = true;
        await handle.close();
      },
    };
  }

  const { default: postgres } = await import('postgres');
  const name = `ml_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const testUrl = url.toString();

  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }

  const drop = async () => {
    const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await client.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end({ timeout: 5 });
    }
  };

  let handle: DbHandle;
  try {
    handle = await openDatabase({ url: testUrl, poolMax: 4 });
  } catch (error) {
    await drop();
    throw error;
  }
  try {
    await migrateDatabase(handle, testUrl);
  } catch (error) {
    await handle.close();
    await drop();
    throw error;
  }
  let closed = false;
  return {
    db: handle.db,
    kind: handle.kind,
    url: testUrl,
    handle,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await handle.close();
      } finally {
        await drop();
      }
    },
  };
}

/** Seeds the demo tenants (docs/product.md#demo-data); true when it seeded. */
export function seedDemo(db: Db): Promise<boolean> {
  return seedDemoData(db);
}

/** The AdminScope of a (demo) administrator, read as the app reads it for the signed-in user. */
export async function adminScope(db: Db, email: string): Promise<AdminScope> {
  const scope = await loadAdminScope(db, { email });
  if (!scope) throw new Error(`No active administrator ${email}`);
  return scope;
}

/** Id of the organization with this code (codes are unique per tenant; the demo codes are unique overall). */
export async function orgIdByCode(db: Db, code: string): Promise<string> {
  const rows = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code));
  if (rows.length !== 1) throw new Error(`Expected one organization ${code}, found ${rows.length}`);
  return rows[0]!.id;
}

/** The demo organizations the integration tests name: Acme (2000) and its subtree, and Globex (3000). */
export const DEMO_ORGANIZATION_CODES = ['2000', '2001', '2002', '2003', '3000'] as const;

/**
 * Ids by code of the demo organizations (`org['2001']`) and of each one's default permission group
 * (`group['2001']`).
 */
export async function demoOrganizations(
  db: Db,
  codes: readonly string[] = DEMO_ORGANIZATION_CODES,
): Promise<{ org: Record<string, string>; group: Record<string, string> }> {
  const org: Record<string, string> = {};
  const group: Record<string, string> = {};
  for (const code of codes) {
    org[code] = await orgIdByCode(db, code);
    const rows = await db
      .select({ id: permissionGroups.id })
      .from(permissionGroups)
      .where(and(eq(permissionGroups.organizationId, org[code]), eq(permissionGroups.isDefault, true)));
    if (rows.length !== 1) throw new Error(`Expected one default group in ${code}, found ${rows.length}`);
    group[code] = rows[0]!.id;
  }
  return { org, group };
}

/** Rejects with a UserFacingError of this message (and, when given, these field errors). */
export async function refused(
  action: () => Promise<unknown>,
  message: string,
  fieldErrors?: Record<string, string[]>,
): Promise<void> {
  await assert.rejects(action, (error: unknown) => {
    assert.ok(error instanceof UserFacingError, `expected a UserFacingError, got ${String(error)}`);
    assert.equal(error.message, message);
    if (fieldErrors) assert.deepEqual(error.fieldErrors, fieldErrors);
    return true;
  });
}

/** The UserFacingError that `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  assert.fail('expected a UserFacingError');
}

export const DEMO_ADMINS = {
  acmeOwner: 'owner@acme.test',
  salesAdmin: 'sales.admin@acme.test',
  globexOwner: 'owner@globex.test',
} as const;

/** The AdminScopes of the demo administrators, by their DEMO_ADMINS names. */
export async function demoAdminScopes(db: Db): Promise<Record<keyof typeof DEMO_ADMINS, AdminScope>> {
  return {
    acmeOwner: await adminScope(db, DEMO_ADMINS.acmeOwner),
    salesAdmin: await adminScope(db, DEMO_ADMINS.salesAdmin),
    globexOwner: await adminScope(db, DEMO_ADMINS.globexOwner),
  };
}

/** The Postgres error under whatever wraps it (drizzle wraps driver errors in DrizzleQueryError). */
export function postgresError(error: unknown): { code?: string; constraint?: string; message: string } | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e; i++) {
    const candidate = e as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      const constraint = candidate.constraint ?? candidate.constraint_name;
      return {
        code: candidate.code,
        constraint: typeof constraint === 'string' ? constraint : undefined,
        message: String(candidate.message),
      };
    }
    e = candidate.cause;
  }
  return undefined;
}

/** Asserts that `action` fails on the database with SQLSTATE `code` from constraint `constraint`. */
export async function rejectsWithConstraint(
  action: () => Promise<unknown>,
  code: string,
  constraint: string,
): Promise<void> {
  try {
    await action();
  } catch (error) {
    const pg = postgresError(error);
    if (!pg) throw error;
    if (pg.code !== code || pg.constraint !== constraint) {
      assert.fail(`expected ${code} on ${constraint}, got ${pg.code} on ${pg.constraint ?? '?'}: ${pg.message}`);
    }
    return;
  }
  assert.fail(`expected a violation of ${constraint} (${code}), but the statement succeeded`);
}
