import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigurationError, parseEnv } from '@/lib/env';

const DATABASE_URL = 'postgres://user:pw@db.example.com:5432/app';
const AUTH_SECRET = 'x'.repeat(40);

/** parseEnv of exactly these variables (NODE_ENV, required by Next's ProcessEnv type, left out). */
const parse = (vars: Record<string, string>) => parseEnv(vars);

function throwsConfig(vars: Record<string, string>, variable: string) {
  assert.throws(
    () => parse(vars),
    (error: unknown) => {
      assert.ok(error instanceof ConfigurationError, `expected ConfigurationError, got ${String(error)}`);
      assert.match(error.message, new RegExp(variable));
      return true;
    },
  );
}

describe('parseEnv', () => {
  it('needs nothing locally: PGlite, a generated secret, demo data', () => {
    const env = parse({});
    assert.equal(env.DATABASE_URL, undefined);
    assert.equal(env.onVercel, false);
    assert.equal(env.seedDemoData, true);
    assert.equal(env.PGLITE_DIR, '.data/pglite');
    assert.equal(env.DATABASE_POOL_MAX, 10);
  });

  it('on Vercel, refuses to start without DATABASE_URL, naming it', () => {
    throwsConfig({ VERCEL: '1', AUTH_SECRET }, 'DATABASE_URL');
  });

  it('on Vercel, refuses to start without AUTH_SECRET, naming it', () => {
    throwsConfig({ VERCEL: '1', DATABASE_URL }, 'AUTH_SECRET');
  });

  it('on Vercel with both set, starts', () => {
    const env = parse({ VERCEL: '1', VERCEL_ENV: 'preview', DATABASE_URL, AUTH_SECRET });
    assert.equal(env.onVercel, true);
    assert.equal(env.DATABASE_URL, DATABASE_URL);
    assert.equal(env.seedDemoData, true);
  });

  it('never seeds demo data into Vercel production unless SEED_DEMO_DATA=1', () => {
    const production = { VERCEL: '1', VERCEL_ENV: 'production', DATABASE_URL, AUTH_SECRET, RESEND_API_KEY: 're_x' };
    assert.equal(parse(production).seedDemoData, false);
    assert.equal(parse({ ...production, SEED_DEMO_DATA: '1' }).seedDemoData, true);
    assert.equal(parse({ ...production, SEED_DEMO_DATA: 'true' }).seedDemoData, true);
    assert.equal(parse({ ...production, SEED_DEMO_DATA: '0' }).seedDemoData, false);
    assert.equal(parse({ SEED_DEMO_DATA: '0' }).seedDemoData, false);
  });

  it('rejects a DATABASE_URL that is not a Postgres URL, naming it', () => {
    throwsConfig({ DATABASE_URL: 'mysql://user@host/db' }, 'DATABASE_URL');
    throwsConfig({ DATABASE_URL: 'db.example.com:5432' }, 'DATABASE_URL');
    assert.equal(parse({ DATABASE_URL: 'postgresql://u@h/d' }).DATABASE_URL, 'postgresql://u@h/d');
  });

  it('rejects a short AUTH_SECRET, a bad flag and a bad pool size', () => {
    throwsConfig({ AUTH_SECRET: 'short' }, 'AUTH_SECRET');
    throwsConfig({ SEED_DEMO_DATA: 'maybe' }, 'SEED_DEMO_DATA');
    throwsConfig({ DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX');
  });

  it('a production deployment must have an email provider; without any provider, the mailbox takes the messages', () => {
    const production = { VERCEL: '1', VERCEL_ENV: 'production', DATABASE_URL, AUTH_SECRET };
    assert.throws(
      () => parse(production),
      (e: Error) => e instanceof ConfigurationError && /RESEND_API_KEY/.test(e.message),
    );
    assert.equal(parse({ ...production, RESEND_API_KEY: 're_x' }).mailboxMode, false);
    assert.equal(parse({}).mailboxMode, true);
    assert.equal(
      parse({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+15005550006' })
        .mailboxMode,
      false,
    );
    assert.throws(() => parse({ SMS_PROVIDER: 'twilio' }), /TWILIO_ACCOUNT_SID/);
  });

  it('the in-process drainer runs by default, except on Vercel', () => {
    assert.equal(parse({}).outboxInProcess, true);
    assert.equal(parse({ VERCEL: '1', DATABASE_URL, AUTH_SECRET }).outboxInProcess, false);
    assert.equal(parse({ OUTBOX_IN_PROCESS: '0' }).outboxInProcess, false);
  });
});
