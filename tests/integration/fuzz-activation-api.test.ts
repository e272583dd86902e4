import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { Db } from '@/db/client';
import { accounts, rateLimits } from '@/db/schema';
import { PEER_ADDRESS_HEADER } from '@/lib/client-address';
import { POST } from '@/app/api/v1/activations/route';
import { anyText, checkAsyncProperty, FuzzTally, leakIn } from '../helpers/fuzz';
import type { ActivationApiBody } from '../helpers/activation-api';
import { inviteAccount } from '../helpers/invitations';
import { type AppDatabase, openAppDatabase } from '../helpers/app-db';

/*
 * Fuzzing POST /api/v1/activations (app/api/v1/activations/route.ts, documented in docs/api.md) with
 * generated requests, through the route handler as the app runs it: getDb() on this file's own database
 * (PGlite, or a fresh database on the server of DATABASE_URL), seeded with the demo data, as in
 * tests/integration/activation-api.test.ts. Every answer is a 2xx success or a 4xx with the documented
 * error shape; never a 5xx, an exception, a stack trace or SQL.
 */

const tally = new FuzzTally('activation api');

/** docs/api.md: each error code and its status. internal_error (500) is the one that must never come. */
const STATUS_OF: Record<string, number> = {
  invalid_request: 400,
  invalid_phone: 400,
  invalid_credentials: 401,
  invitation_expired: 410,
  invitation_superseded: 410,
  number_required: 409,
  number_taken: 409,
  phone_mismatch: 409,
  rate_limited: 429,
};
const E164 = /^\+[1-9]\d{6,14}$/;

/** Demo usernames, right and wrong spellings of them, and strangers. */
const DEMO_USERNAMES = [
  'grace.hopper@acme.test',
  'GRACE.HOPPER@ACME.TEST',
  ' ada.lovelace@acme.test ',
  'alan.turing@acme.test',
  'katherine.johnson@acme.test',
  'linus.torvalds@acme.test',
  'homer.simpson@globex.test',
  'owner@acme.test',
  '+14155559002',
  '+1 312 555 9002',
  '(312) 555-9002',
  '0013125559002',
  'nobody@acme.test',
  '@',
  '+',
  '0',
];
const PHONES = ['+1 415 555 0123', '+14155550199', '(415) 555-0100', '020 7946 0958', '+44 20 7946 0958', '123', ''];
const NUMBER_CHOICES = ['+12125550102', '+1 (212) 555-0103', '2125550104', '+999', '1234567', '+1'.repeat(13)];
const TAGS = ['PORTED', 'ported', 'VIP', 'A'.repeat(32), 'A'.repeat(33), '1TAG', 'TAG-1'];

/** A value of the wrong type, or of a wrong length, for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(''),
  fc.constant('   '),
  anyText(60),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.integer({ min: 190, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** A field value: plausible, of the wrong type, or absent. */
function field<T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 2, arbitrary: wrongValue });
}

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  '',
  null,
);
const contentLength = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constantFrom('0', '-1', 'abc', '1e3', '16384', '16385', '99999999999') },
);
const userAgent = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 450, max: 700 }).map((n) => 'M'.repeat(n)),
);
/** What the server puts in the peer-address header: an address, usually a new one (so that the per-address limit rarely answers). */
const peerAddress = fc.oneof(
  { weight: 8, arbitrary: fc.ipV4() },
  { weight: 1, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: fc.constantFrom('', 'unknown', '::ffff:192.0.2.1', '999.1.1.1', "1.1.1.1' or 1=1") },
);

/** What the route logged, shortened: the error's message and its cause's (the driver's) message. */
function describeLogged(args: unknown[] | undefined): string {
  const error = args?.find((a): a is Error => a instanceof Error);
  if (!error) return '';
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${error.message.split('\n')[0]!.slice(0, 200)}${cause}`;
}

type Body = { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> } | { kind: 'text'; text: string } | { kind: 'none' };

interface Credentials {
  username: string;
  password: string;
}

describe('fuzz: POST /api/v1/activations answers every request with a 2xx or a documented 4xx', () => {
  let app: AppDatabase | undefined;
  let db: Db;
  /** Real credentials of invited demo accounts (email and device usernames), so that deep paths are reached. */
  let invited: Credentials[] = [];
  const internalErrors: unknown[][] = [];
  /** How the answers spread over the codes, printed at the end: the generators must reach past validation. */
  const answers = new Map<string, number>();
  const consoleError = console.error;

  const invite = async (where: ReturnType<typeof eq>): Promise<Credentials> => {
    const [account] = await db.select().from(accounts).where(where);
    const props = await inviteAccount(db, account!.id);
    return { username: props.username, password: props.password };
  };

  before(async () => {
    app = await openAppDatabase('ml-fuzz-activation-');
    db = app.db;
    invited = [
      await invite(eq(accounts.email, 'alan.turing@acme.test')),
      await invite(eq(accounts.email, 'barbara.liskov@acme.test')),
      await invite(eq(accounts.email, 'homer.simpson@globex.test')),
      await invite(eq(accounts.deviceNumber, '+13125559002')),
    ];
    // The route logs an unexpected failure before it answers 500; any such log fails the property.
    console.error = (...args: unknown[]) => {
      internalErrors.push(args);
    };
  });
  after(async () => {
    console.error = consoleError;
    await app?.close();
    tally.report();
    console.log(
      `fuzz: activation api answers: ${[...answers]
        .sort()
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
  });

  it('arbitrary bodies, content types and headers', async () => {
    const credentialsArb = fc.oneof(
      { weight: 2, arbitrary: fc.nat(invited.length - 1).map((i) => ({ real: invited[i]! })) },
      { weight: 3, arbitrary: fc.constant({ real: null }) },
    );
    const nonBlank = (arb: fc.Arbitrary<string>) => arb.filter((v) => v.trim().length > 0);
    // Every field of the right type and length: the request reaches the throttle, the database and the activation.
    const wellTyped = fc
      .record({
        username: fc.oneof(fc.constantFrom(...DEMO_USERNAMES), nonBlank(anyText(40))),
        password: fc.oneof(
          fc.stringMatching(/^[a-z]{4}-[a-z]{4}-[a-z]{4}$/),
          anyText(60).filter((v) => v.length > 0),
        ),
        personalPhone: fc.oneof(fc.constantFrom(...PHONES.filter(Boolean)), nonBlank(anyText(20))),
        choice: fc.oneof(
          { weight: 3, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: fc.constant({ number: null, tag: null }) },
          { weight: 2, arbitrary: fc.constantFrom(...NUMBER_CHOICES).map((number) => ({ number })) },
          { weight: 2, arbitrary: fc.constantFrom(...TAGS).map((tag) => ({ tag })) },
          { weight: 1, arbitrary: anyText(20).map((number) => ({ number })) },
        ),
      })
      .map(({ choice, ...rest }) => ({ ...rest, ...choice }));
    // Right keys, wrong types and lengths, or missing.
    const wrongTyped = fc.record(
      {
        username: field(fc.oneof(fc.constantFrom(...DEMO_USERNAMES), anyText(40))),
        password: field(fc.oneof(fc.stringMatching(/^[a-z]{4}-[a-z]{4}-[a-z]{4}$/), anyText(40))),
        personalPhone: field(fc.oneof(fc.constantFrom(...PHONES), anyText(30))),
        number: field(fc.oneof(fc.constantFrom(...NUMBER_CHOICES), anyText(30))),
        tag: field(fc.oneof(fc.constantFrom(...TAGS), anyText(20))),
        extra: field(fc.string()),
      },
      { requiredKeys: [] },
    );
    const activationObject = fc
      .tuple(fc.oneof({ weight: 4, arbitrary: wellTyped }, { weight: 1, arbitrary: wrongTyped }), credentialsArb)
      .map(([object, { real }]): Record<string, unknown> =>
        real
          ? {
              ...object,
              username:
                typeof object.username === 'string' && object.username.startsWith(' ')
                  ? ` ${real.username} `
                  : real.username,
              password: real.password,
            }
          : object,
      );

    const body: fc.Arbitrary<Body> = fc.oneof(
      // The documented object, with right and wrong values, real and wrong credentials.
      { weight: 20, arbitrary: activationObject.map((o): Body => ({ kind: 'text', text: JSON.stringify(o) })) },
      // Any JSON value (arrays, numbers, strings, null, nested objects).
      {
        weight: 2,
        arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v): Body => ({ kind: 'text', text: JSON.stringify(v) ?? '' })),
      },
      // Broken JSON: the object cut short, or anything at all.
      {
        weight: 1,
        arbitrary: fc.tuple(activationObject, fc.nat()).map(([o, cut]): Body => {
          const json = JSON.stringify(o);
          return { kind: 'text', text: json.slice(0, cut % Math.max(1, json.length)) };
        }),
      },
      { weight: 1, arbitrary: anyText(300).map((text): Body => ({ kind: 'text', text })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((bytes): Body => ({ kind: 'bytes', bytes })) },
      // Huge bodies around the 16,384-character limit.
      {
        weight: 1,
        arbitrary: fc.integer({ min: 16_000, max: 40_000 }).map((n): Body => ({
          kind: 'text',
          text: JSON.stringify({ username: 'u'.repeat(n), password: 'p', personalPhone: '1' }),
        })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Body>({ kind: 'none' }, { kind: 'text', text: '' }, { kind: 'text', text: 'null' }),
      },
    );

    const request = fc.record({ body, contentType, contentLength, userAgent, peerAddress });

    await checkAsyncProperty(
      tally,
      'requests',
      fc.asyncProperty(request, async (r) => {
        if (r.body.kind === 'text' && invited.some((c) => r.body.kind === 'text' && r.body.text.includes(c.password))) {
          // A case with real credentials: it starts from a clean throttle, so that it reaches the activation itself.
          await db.delete(rateLimits);
        }
        const headers = new Headers();
        if (r.contentType !== null) headers.set('content-type', r.contentType);
        if (r.contentLength !== null) headers.set('content-length', r.contentLength);
        if (r.userAgent !== null) headers.set('user-agent', r.userAgent);
        headers.set(PEER_ADDRESS_HEADER, r.peerAddress);
        const init: RequestInit = { method: 'POST', headers };
        if (r.body.kind === 'text') init.body = r.body.text;
        if (r.body.kind === 'bytes') init.body = r.body.bytes;

        const errorsBefore = internalErrors.length;
        const response = await POST(new Request('http://portal.test/api/v1/activations', init));
        const text = await response.text();
        const where = `${response.status} ${text.slice(0, 300)}`;
        const code = /"code":"([a-z_]+)"/.exec(text)?.[1] ?? 'ok';
        answers.set(`${response.status} ${code}`, (answers.get(`${response.status} ${code}`) ?? 0) + 1);

        assert.equal(
          internalErrors.length,
          errorsBefore,
          `the route logged an unexpected failure: ${where}\n${describeLogged(internalErrors.at(-1))}`,
        );
        assert.ok(response.status < 500, `a 5xx: ${where}`);
        assert.ok([200, 201].includes(response.status) || (response.status >= 400 && response.status < 500), where);
        assert.equal(response.headers.get('cache-control'), 'no-store', where);
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/, where);
        const leak = leakIn(text);
        assert.equal(leak, null, `the body leaks internals (${leak}): ${where}`);

        const json = JSON.parse(text) as ActivationApiBody;
        if (response.status < 300) {
          assert.equal(json.status, 'active', where);
          assert.equal(typeof json.organization, 'string', where);
          assert.equal(typeof json.username, 'string', where);
          assert.match(json.number ?? '', E164, where);
          assert.equal(typeof json.reinstall, 'boolean', where);
          return;
        }
        const error = json.error;
        assert.ok(error && typeof error === 'object', `no error object: ${where}`);
        assert.equal(STATUS_OF[error.code], response.status, `code ${error.code} with status ${response.status}`);
        assert.ok(typeof error.message === 'string' && error.message.length > 0, where);
        assert.deepEqual(
          Object.keys(error).filter((k) => !['code', 'message', 'fields', 'choices'].includes(k)),
          [],
          where,
        );
        if (error.fields !== undefined) {
          assert.ok(error.fields && typeof error.fields === 'object', where);
          for (const messages of Object.values(error.fields)) {
            assert.ok(Array.isArray(messages) && messages.every((m) => typeof m === 'string' && m.length > 0), where);
          }
        }
        if (error.code === 'number_required' || error.code === 'number_taken') {
          assert.ok(error.choices && typeof error.choices === 'object', where);
        }
        if (response.status === 429) {
          const retryAfter = Number(response.headers.get('retry-after'));
          assert.ok(
            Number.isInteger(retryAfter) && retryAfter >= 1,
            `Retry-After ${response.headers.get('retry-after')}`,
          );
        }
      }),
      1000,
    );
  });
});
