/**
 * Sets a tenant's limits (docs/product.md#security): the numbers its inventory may hold, and the
 * existence checks (is this email, device # or number in use anywhere?) its administrators may make a
 * day. Prints the old and the new values. A tenant is named by its code (its root organization's).
 *
 *   DATABASE_URL=… npm run tenant:limits -- --code 2000 [--number-quota N] [--existence-check-limit N]
 *
 * Without a limit to change, prints the current ones. Lowering the quota below the numbers a tenant
 * holds removes none: it only refuses adding more.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { migrateDatabase, openDatabase } from '@/db/client';
import { organizations } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { numbersHeld } from '@/lib/tenant-limits';

const USAGE = 'Usage: npm run tenant:limits -- --code CODE [--number-quota N] [--existence-check-limit N]';

/** A limit as typed: a whole number from 0 up (the columns' check constraints). */
const limitArg = z
  .string()
  .trim()
  .regex(/^\d{1,10}$/, 'a whole number')
  .transform(Number)
  .pipe(z.number().int().min(0).max(2_147_483_647));

const argsSchema = z.object({
  code: z.string().trim().min(1, 'the tenant’s code').max(20),
  'number-quota': limitArg.optional(),
  'existence-check-limit': limitArg.optional(),
});

let values: Record<string, unknown>;
try {
  ({ values } = parseArgs({
    options: {
      code: { type: 'string' },
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
const fmt = (n: number) => n.toLocaleString('en-US');

interface Limits {
  numberQuota: number;
  existenceCheckDailyLimit: number;
}
type Outcome =
  | { kind: 'none' }
  | { kind: 'ambiguous'; found: number }
  | { kind: 'set'; before: Limits & { name: string; code: string }; after: Limits; held: number };

const env = parseEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: path.resolve(env.PGLITE_DIR), poolMax: 1 });
try {
  await migrateDatabase(handle, env.DATABASE_URL);
  const result = await handle.db.transaction(async (tx): Promise<Outcome> => {
    const tenants = await tx
      .select({
        id: organizations.id,
        name: organizations.name,
        code: organizations.code,
        numberQuota: organizations.numberQuota,
        existenceCheckDailyLimit: organizations.existenceCheckDailyLimit,
      })
      .from(organizations)
      .where(and(isNull(organizations.parentId), sql`lower(${organizations.code}) = ${args.code.toLowerCase()}`))
      .for('no key update');
    if (tenants.length === 0) return { kind: 'none' };
    if (tenants.length > 1) return { kind: 'ambiguous', found: tenants.length };
    const before = tenants[0]!;
    const [after] = await tx
      .update(organizations)
      .set({
        numberQuota: args['number-quota'] ?? before.numberQuota,
        existenceCheckDailyLimit: args['existence-check-limit'] ?? before.existenceCheckDailyLimit,
      })
      .where(eq(organizations.id, before.id))
      .returning({
        numberQuota: organizations.numberQuota,
        existenceCheckDailyLimit: organizations.existenceCheckDailyLimit,
      });
    return { kind: 'set', before, after: after!, held: await numbersHeld(tx, before.id) };
  });
  if (result.kind === 'none') {
    console.error(`No tenant has the code ${args.code}. Check the code of its top organization.`);
    process.exitCode = 1;
  } else if (result.kind === 'ambiguous') {
    console.error(`${result.found} tenants have the code ${args.code}; nothing was changed. Give each its own code.`);
    process.exitCode = 1;
  } else {
    const { before, after, held } = result;
    const line = (label: string, old: number, next: number) =>
      `${label}: ${fmt(old)}${old === next ? ' (unchanged)' : ` → ${fmt(next)}`}`;
    console.log(`${before.name} (${before.code})`);
    console.log(line('Number quota', before.numberQuota, after.numberQuota) + ` (${fmt(held)} held)`);
    console.log(line('Existence checks a day', before.existenceCheckDailyLimit, after.existenceCheckDailyLimit));
    if (held > after.numberQuota) {
      console.log(`The tenant holds more numbers than its quota: it cannot add any until it is raised.`);
    }
  }
} catch (error) {
  console.error('Could not set the limits.', error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
