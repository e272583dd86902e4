/**
 * Creates a tenant (a root organization with its default permission group) and its first owner, for
 * a real deployment where no demo data is seeded. Prints the owner's generated password once.
 *
 *   DATABASE_URL=… npm run tenant:create -- --name "Acme Corp" --code 2000 --owner-email it@acme.com --owner-name "Ida Admin"
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { migrateDatabase, openDatabase } from '@/db/client';
import { administrators, organizations, permissionGroups } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { parseEnv } from '@/lib/env';

const argsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, 'letters, digits and dashes'),
  'owner-email': z.email(),
  'owner-name': z.string().trim().min(1).max(100),
});

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    code: { type: 'string' },
    'owner-email': { type: 'string' },
    'owner-name': { type: 'string' },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  console.error(
    `Usage: npm run tenant:create -- --name NAME --code CODE --owner-email EMAIL --owner-name NAME\n${z.prettifyError(parsed.error)}`,
  );
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
  await handle.db.transaction(async (tx) => {
    await tx.insert(organizations).values({ id, tenantId: id, code: args.code, name: args.name, path: `/${id}/` });
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
  });
  console.log(`Created ${args.name} (${args.code}) and its owner ${args['owner-email']}.`);
  console.log(`Password (shown once; store it in your password manager): ${password}`);
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
