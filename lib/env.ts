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
  /** A deployment (DATABASE_URL set) gets the demo tenants only when this is 1. */
  SEED_DEMO_DATA: flag.optional(),
  /** A deployment serves the development mailbox (behind sign-in) only when this is 1: for tests. */
  DEV_MAILBOX: flag.optional(),
  /**
   * Which proxy's client-address header to believe. Unset: none, the address is the socket's. `1` (or
   * a number N): the Nth address from the right of X-Forwarded-For, as N trusted proxies appended it.
   * On Vercel its own headers are always used.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).optional(),
  NODE_ENV: z.string().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Public address of the portal, the only origin invitation links are built from. Required in a
   * production deployment (off Vercel); in demo mode the default is http://localhost:<PORT>.
   */
  APP_URL: z.url().optional(),
  PORT: z.string().optional(),
  VERCEL_PROJECT_PRODUCTION_URL: z.string().optional(),
  VERCEL_BRANCH_URL: z.string().optional(),
  VERCEL_URL: z.string().optional(),
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
  /**
   * Demo mode: no DATABASE_URL, so the embedded PGlite. Demo tenants, the development mailbox,
   * activation links in the log, generated secrets, and a banner on every page. Anything with
   * DATABASE_URL is a deployment, where none of these exist unless asked for.
   */
  demoMode: boolean;
  seedDemoData: boolean;
  /** Messages go to the development mailbox (demo mode, or DEV_MAILBOX=1, and no provider configured). */
  mailboxMode: boolean;
  outboxInProcess: boolean;
  /** The origin of every link the portal sends (no trailing slash). */
  appUrl: string;
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
  if (env.SMS_PROVIDER === 'twilio' && !(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM)) {
    throw new ConfigurationError('SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM.');
  }
  const demoMode = !env.DATABASE_URL;
  const appUrl = resolveAppUrl(env);
  // A production deployment refuses to start rather than run with a demo convenience in its place.
  if (!demoMode && (env.NODE_ENV === 'production' || env.VERCEL_ENV === 'production')) {
    if (!env.AUTH_SECRET) {
      throw new ConfigurationError(
        'AUTH_SECRET is not set. A deployment (DATABASE_URL is set) must not generate its signing secret: ' +
          'set AUTH_SECRET to a random string of at least 32 characters (`openssl rand -base64 33`).',
      );
    }
    if (!appUrl) {
      throw new ConfigurationError(
        'APP_URL is not set. Invitation links are built only from it, never from request headers: ' +
          "set APP_URL to the portal's public address, e.g. https://portal.example.com.",
      );
    }
    if (!env.RESEND_API_KEY && !env.DEV_MAILBOX) {
      throw new ConfigurationError(
        'RESEND_API_KEY is not set. A production deployment must deliver invitations: set RESEND_API_KEY ' +
          'and EMAIL_FROM (an address on a domain verified in Resend); DEV_MAILBOX=1 is for test servers only.',
      );
    }
  }
  const mailboxMode = (env.DEV_MAILBOX ?? demoMode) && !env.RESEND_API_KEY && !env.SMS_PROVIDER;
  const outboxInProcess = env.OUTBOX_IN_PROCESS ?? !onVercel;
  // Demo data, with its well-known passwords, only in demo mode unless asked for explicitly.
  const seedDemoData = env.SEED_DEMO_DATA ?? demoMode;
  return {
    ...env,
    onVercel,
    demoMode,
    seedDemoData,
    mailboxMode,
    outboxInProcess,
    appUrl: appUrl ?? `http://localhost:${env.PORT ?? '3000'}`,
  };
}

/**
 * APP_URL; on Vercel, the deployment's own address from Vercel's system variables (set by the
 * platform, not by requests); in demo mode, localhost. Never a request's Host or X-Forwarded-Host.
 */
function resolveAppUrl(env: z.infer<typeof envSchema>): string | undefined {
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, '');
  if (env.VERCEL === '1') {
    const host =
      env.VERCEL_ENV === 'production' ? env.VERCEL_PROJECT_PRODUCTION_URL : (env.VERCEL_BRANCH_URL ?? env.VERCEL_URL);
    if (host) return `https://${host}`;
  }
  return undefined;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
