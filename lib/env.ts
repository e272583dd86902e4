import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  DATA_DIR: z.string().min(1).default('.data'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SEED_DEMO_DATA: flag.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  VERCEL: z.string().optional(),
  VERCEL_ENV: z.string().optional(),
});

export type Env = z.infer<typeof envSchema> & { onVercel: boolean; seedDemoData: boolean };

/** Thrown at start-up when the configuration cannot work; the message names the variable. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigurationError(`Invalid configuration: ${issues}`);
  }
  const env = parsed.data;
  const onVercel = env.VERCEL === '1';
  if (onVercel && !env.DATABASE_URL) {
    throw new ConfigurationError(
      'DATABASE_URL is not set. On Vercel the embedded database (PGlite) cannot run: ' +
        'set DATABASE_URL to your managed Postgres connection string.',
    );
  }
  if (onVercel && !env.AUTH_SECRET) {
    throw new ConfigurationError(
      'AUTH_SECRET is not set. On Vercel it cannot be generated and kept on disk: ' +
        'set AUTH_SECRET to a random string of at least 32 characters (`openssl rand -base64 33`).',
    );
  }
  // Demo data (with its well-known passwords) is never seeded into a Vercel production database
  // unless asked for explicitly.
  const seedDemoData = env.SEED_DEMO_DATA ?? env.VERCEL_ENV !== 'production';
  return { ...env, onVercel, seedDemoData };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
