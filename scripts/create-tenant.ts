/**
 * Creates a tenant (a root organization with its default permission group) and its first owner, for
 * a real deployment where no demo data is seeded. Prints the owner's generated password once. The
 * tenant's limits (docs/product.md#security) default to the columns' defaults; change them later with
 * `npm run tenant:limits`. The code names the tenant for the operator's scripts, so no two tenants
 * share one.
 *
 *   DATABASE_URL=… npm run tenant:create -- --name "Acme Corp" --code 2000 --owner-email it@acme.com --owner-name "Ida Admin"
 *     [--number-quota 10000] [--existence-check-limit 250000]
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '@/db/client';
import { administrators, organizations, permissionGroups } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { parseEnv } from '@/lib/env';

/** A limit as typed: a whole number from 0 up (the columns' check constraints). */
const limitArg = z
  .string()
  .trim()
  .regex(/^\d{1,10}$/, 'a whole number')
  .transform(Number)
  .pipe(z.number().int().min(0).max(2_147_483_647));

const argsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, 'letters, digits and dashes'),
  'owner-email': z.email(),
  'owner-name': z.string().trim().min(1).max(100),
  'number-quota': limitArg.optional(),
  'existence-check-limit': limitArg.optional(),
});

const USAGE =
  'Usage: npm run tenant:create -- --name NAME --code CODE --owner-email EMAIL --owner-name NAME [--number-quota N] [--existence-check-limit N]';

let values: Record<string, unknown>;
try {
  ({ values } = parseArgs({
    options: {
      name: { type: 'string' },
      code: { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-name': { type: 'string' },
      'number-quota': { type: 'string' },
      'existence-check-limit': { type: 'string' },
    },
  }));
} catch (error) {
  console.error(`${USAGE}\n${(error as Error).message}`);
  process.exit(2);
}
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  console.error(`${USAGE}\n${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
const args = parsed.data;
const env = parseEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: path.resolve(env.PGLITE_DIR), poolMax: 1 });
try {
  await migrateDatabase(handle, env.DATABASE_URL);
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  const id = crypto.randomUUID();
  const created = await handle.db.transaction(async (tx) => {
    // One tenant a code (the unique index is per tenant): tenant:limits finds a tenant by its code.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('tenant-codes'))`);
    const [taken] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(isNull(organizations.parentId), sql`lower(${organizations.code}) = ${args.code.toLowerCase()}`));
    if (taken) return false;
    await tx.insert(organizations).values({
      id,
      tenantId: id,
      code: args.code,
      name: args.name,
      path: `/${id}/`,
      numberQuota: args['number-quota'],
      existenceCheckDailyLimit: args['existence-check-limit'],
    });
    await tx
      .insert(permissionGroups)
      .values({ organizationId: id, name: `default cos for org ${args.code}`, isDefault: true });
    await tx.insert(administrators).values({
      email: args['owner-email'],
      name: args['owner-name'],
      role: 'owner',
      organizationId: id,
      status: 'active',
      passwordHash,
    });
    return true;
  });
  if (!created) {
    console.error(`A tenant with the code ${args.code} exists already. Choose another code.`);
    process.exitCode = 1;
  } else {
    const [limits] = await handle.db
      .select({ quota: organizations.numberQuota, checks: organizations.existenceCheckDailyLimit })
      .from(organizations)
      .where(eq(organizations.id, id));
    console.log(`Created ${args.name} (${args.code}) and its owner ${args['owner-email']}.`);
    console.log(
      `Limits: ${limits!.quota} numbers in the inventory, ${limits!.checks} existence checks a day (change them with npm run tenant:limits).`,
    );
    console.log(`Password (shown once; store it in your password manager): ${password}`);
  }
} catch (error) {
  const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  console.error(
    code === '23505' ? 'That email or organization code is already in use.' : 'Could not create the tenant.',
    code ? '' : error,
  );
  process.exitCode = 1;
} finally {
  await handle.close();
}
