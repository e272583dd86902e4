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
  /** Public address of the portal, used in invitation links; default: the request's own origin. */
  APP_URL: z.url().optional(),
  /** Email through Resend; unset = the development mailbox. */
  RESEND_API_KEY: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default('MultiLine <invitations@multiline.localhost>'),
  RESEND_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** SMS through Twilio's REST API; unset = the development mailbox (or Failed, when email is real). */
  SMS_PROVIDER: z.enum(['twilio']).optional(),
  TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z.string().min(1).optional(),
  TWILIO_BASE_URL: z.url().default('https://api.twilio.com'),
  /** Bearer secret of /api/cron/outbox (Vercel Cron sends it). */
  CRON_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Run the outbox drainer on a timer inside the server process. Default: on, except on Vercel. */
  OUTBOX_IN_PROCESS: flag.optional(),
  APP_STORE_URL: z.url().default('https://apps.apple.com/app/multiline'),
  PLAY_STORE_URL: z.url().default('https://play.google.com/store/apps/details?id=com.multiline'),
  VERCEL: z.string().optional(),
  VERCEL_ENV: z.string().optional(),
});

export type Env = z.infer<typeof envSchema> & {
  onVercel: boolean;
  seedDemoData: boolean;
  /** No real email or SMS provider is configured: messages go to the development mailbox. */
  mailboxMode: boolean;
  outboxInProcess: boolean;
};

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
  if (env.VERCEL_ENV === 'production' && !env.RESEND_API_KEY) {
    throw new ConfigurationError(
      'RESEND_API_KEY is not set. A production deployment must deliver invitations: set RESEND_API_KEY ' +
        'and EMAIL_FROM (an address on a domain verified in Resend).',
    );
  }
  if (env.SMS_PROVIDER === 'twilio' && !(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM)) {
    throw new ConfigurationError('SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM.');
  }
  const mailboxMode = !env.RESEND_API_KEY && !env.SMS_PROVIDER;
  const outboxInProcess = env.OUTBOX_IN_PROCESS ?? !onVercel;
  // Demo data (with its well-known passwords) is never seeded into a Vercel production database
  // unless asked for explicitly.
  const seedDemoData = env.SEED_DEMO_DATA ?? env.VERCEL_ENV !== 'production';
  return { ...env, onVercel, seedDemoData, mailboxMode, outboxInProcess };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
