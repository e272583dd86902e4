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
    assert.equal(env.demoMode, true);
    assert.equal(env.PGLITE_DIR, '.data/pglite');
    assert.equal(env.DATABASE_POOL_MAX, 10);
  });

  it('on Vercel, refuses to start without DATABASE_URL, naming it', () => {
    throwsConfig({ VERCEL: '1', AUTH_SECRET }, 'DATABASE_URL');
  });

  it('on Vercel, refuses to start without AUTH_SECRET, naming it', () => {
    throwsConfig({ VERCEL: '1', DATABASE_URL }, 'AUTH_SECRET');
  });

  it('on Vercel with both set, starts, with links to the deployment’s own address', () => {
    const env = parse({
      VERCEL: '1',
      VERCEL_ENV: 'preview',
      DATABASE_URL,
      AUTH_SECRET,
      VERCEL_BRANCH_URL: 'b.vercel.app',
    });
    assert.equal(env.onVercel, true);
    assert.equal(env.DATABASE_URL, DATABASE_URL);
    assert.equal(env.demoMode, false);
    assert.equal(env.seedDemoData, false);
    assert.equal(env.appUrl, 'https://b.vercel.app');
  });

  it('demo mode is no DATABASE_URL: demo data and the mailbox; a deployment has neither unless asked', () => {
    const demo = parse({});
    assert.deepEqual([demo.demoMode, demo.seedDemoData, demo.mailboxMode], [true, true, true]);
    const deployment = parse({ DATABASE_URL, AUTH_SECRET });
    assert.deepEqual([deployment.demoMode, deployment.seedDemoData, deployment.mailboxMode], [false, false, false]);
    const asked = parse({ DATABASE_URL, AUTH_SECRET, SEED_DEMO_DATA: '1', DEV_MAILBOX: '1' });
    assert.deepEqual([asked.seedDemoData, asked.mailboxMode], [true, true]);
    assert.equal(parse({ SEED_DEMO_DATA: '0' }).seedDemoData, false);
    const production = {
      VERCEL: '1',
      VERCEL_ENV: 'production',
      VERCEL_PROJECT_PRODUCTION_URL: 'portal.example.com',
      DATABASE_URL,
      AUTH_SECRET,
      RESEND_API_KEY: 're_x',
    };
    assert.equal(parse(production).seedDemoData, false);
    assert.equal(parse({ ...production, SEED_DEMO_DATA: 'true' }).seedDemoData, true);
  });

  it('a production deployment refuses to start without AUTH_SECRET, APP_URL or an email provider, naming each', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL,
      AUTH_SECRET,
      APP_URL: 'https://portal.example.com',
      RESEND_API_KEY: 're_x',
    };
    assert.equal(parse(production).appUrl, 'https://portal.example.com');
    const without = (name: keyof typeof production) => {
      const vars: Record<string, string> = { ...production };
      delete vars[name];
      return vars;
    };
    throwsConfig(without('AUTH_SECRET'), 'AUTH_SECRET');
    throwsConfig(without('APP_URL'), 'APP_URL');
    throwsConfig(without('RESEND_API_KEY'), 'RESEND_API_KEY');
    // A test server may use the development mailbox instead, and says so with DEV_MAILBOX=1.
    assert.equal(parse({ ...without('RESEND_API_KEY'), DEV_MAILBOX: '1' }).mailboxMode, true);
    // `npm start` with no configuration at all is demo mode, which needs none of these.
    const demo = parse({ NODE_ENV: 'production' });
    assert.equal(demo.demoMode, true);
    assert.equal(demo.appUrl, 'http://localhost:3000');
  });

  it('links never come from anywhere but APP_URL (or Vercel’s own variables); trailing slashes go', () => {
    assert.equal(parse({ APP_URL: 'https://portal.example.com/' }).appUrl, 'https://portal.example.com');
    assert.equal(parse({ PORT: '4100' }).appUrl, 'http://localhost:4100');
    assert.equal(
      parse({
        VERCEL: '1',
        VERCEL_ENV: 'production',
        DATABASE_URL,
        AUTH_SECRET,
        RESEND_API_KEY: 're_x',
        VERCEL_PROJECT_PRODUCTION_URL: 'portal.example.com',
      }).appUrl,
      'https://portal.example.com',
    );
  });

  it('reads TRUST_PROXY as a number of proxies', () => {
    assert.equal(parse({}).TRUST_PROXY, undefined);
    assert.equal(parse({ TRUST_PROXY: '1' }).TRUST_PROXY, 1);
    throwsConfig({ TRUST_PROXY: 'yes' }, 'TRUST_PROXY');
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
    const production = {
      VERCEL: '1',
      VERCEL_ENV: 'production',
      VERCEL_PROJECT_PRODUCTION_URL: 'portal.example.com',
      DATABASE_URL,
      AUTH_SECRET,
    };
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
