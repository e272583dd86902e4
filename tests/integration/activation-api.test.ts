import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts } from '@/db/schema';
import type { ActivationApiBody } from '../helpers/activation-api';
import { POST } from '@/app/api/v1/activations/route';
import { inviteAccount } from '../helpers/invitations';
import { type AppDatabase, openAppDatabase } from '../helpers/app-db';

// The route handler as the app runs it: through getDb(), pointed at this file's own database, which
// getDb migrates and seeds with the demo data as on a first start.

const bodyOf = async (response: Response) => (await response.json()) as ActivationApiBody;

describe('POST /api/v1/activations', () => {
  let app: AppDatabase | undefined;
  let db: Db;
  let address = 0;

  const post = (body: unknown, init: { raw?: string; ip?: string } = {}) =>
    POST(
      new Request('http://portal.test/api/v1/activations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': init.ip ?? `192.0.2.${++address}` },
        body: init.raw ?? JSON.stringify(body),
      }),
    );
  const invite = async (email: string) => {
    const [account] = await db.select().from(accounts).where(eq(accounts.email, email));
    const props = await inviteAccount(db, account!.id);
    return { id: account!.id, username: props.username, password: props.password };
  };

  before(async () => {
    app = await openAppDatabase('ml-activation-api-');
    db = app.db;
  });
  after(async () => {
    await app?.close();
  });

  it('400 invalid_request for a body that is not JSON, and for missing fields, with no-store', async () => {
    const notJson = await post(null, { raw: '{"username": ' });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.headers.get('cache-control'), 'no-store');
    assert.equal((await bodyOf(notJson)).error?.code, 'invalid_request');

    const missing = await post({ username: 'x@acme.test' });
    assert.equal(missing.status, 400);
    const { error } = await bodyOf(missing);
    assert.equal(error?.code, 'invalid_request');
    assert.deepEqual(Object.keys(error?.fields ?? {}).sort(), ['password', 'personalPhone']);

    const both = await post({
      username: 'x@acme.test',
      password: 'abcd-efgh-jkmn',
      personalPhone: '+14155550100',
      number: '+12125550102',
      tag: 'PORTED',
    });
    assert.equal(both.status, 400);
    assert.deepEqual((await bodyOf(both)).error?.fields, { number: ['Choose a number or a tag, not both.'] });
  });

  it('401 for an unknown user; 400 invalid_phone for a bad phone', async () => {
    const unknown = await post({
      username: 'nobody@acme.test',
      password: 'abcd-efgh-jkmn',
      personalPhone: '+1 415 555 0100',
    });
    assert.equal(unknown.status, 401);
    assert.equal((await bodyOf(unknown)).error?.code, 'invalid_credentials');

    const grace = await invite('grace.hopper@acme.test');
    const badPhone = await post({ username: grace.username, password: grace.password, personalPhone: '123' });
    assert.equal(badPhone.status, 400);
    const { error } = await bodyOf(badPhone);
    assert.equal(error?.code, 'invalid_phone');
    assert.ok(error?.fields?.personalPhone);
  });

  it('409 number_required with choices (no reserved one), then 200 with a number; a reinstall 200; another phone 409', async () => {
    const alan = await invite('alan.turing@acme.test');
    const body = { username: alan.username, password: alan.password, personalPhone: '+1 415 555 0123' };
    const required = await post(body);
    assert.equal(required.status, 409);
    const { error } = await bodyOf(required);
    assert.equal(error?.code, 'number_required');
    // PORTED is reserved in the demo data: neither offered nor taken at activation, even when named.
    assert.deepEqual(error?.choices?.tags, []);
    assert.ok(!error?.choices?.numbers.some((n) => n.tag === 'PORTED'));
    for (const reserved of [{ tag: 'ported' }, { number: '+1 212 555 0127' }]) {
      const refused = await post({ ...body, ...reserved });
      assert.equal(refused.status, 409);
      assert.equal((await bodyOf(refused)).error?.code, 'number_taken');
    }

    const activated = await post({ ...body, number: '+1 212 555 0102' });
    assert.equal(activated.status, 200);
    assert.deepEqual(await activated.json(), {
      status: 'active',
      organization: 'Acme Corp',
      username: 'alan.turing@acme.test',
      number: '+12125550102',
      reinstall: false,
    });

    const reinstall = await post({ ...body, personalPhone: '4155550123' });
    assert.equal(reinstall.status, 200);
    assert.equal((await bodyOf(reinstall)).reinstall, true);

    const other = await post({ ...body, personalPhone: '+14155550124' });
    assert.equal(other.status, 409);
    assert.equal((await bodyOf(other)).error?.code, 'phone_mismatch');

    // A number taken meanwhile: 409 with fresh choices.
    const frances = await invite('frances.allen@acme.test');
    const taken = await post({
      username: frances.username,
      password: frances.password,
      personalPhone: '+14155550125',
      number: '+1 212 555 0300',
    });
    assert.equal(taken.status, 409);
    const takenBody = await bodyOf(taken);
    assert.equal(takenBody.error?.code, 'number_taken');
    assert.ok(Array.isArray(takenBody.error?.choices?.numbers));
  });

  it('410 for an expired and for a superseded invitation', async () => {
    const homer = await invite('homer.simpson@globex.test');
    await db.execute(
      sql`update invitations set expires_at = now() - interval '1 day' where account_id = ${homer.id} and superseded_at is null`,
    );
    const expired = await post({ username: homer.username, password: homer.password, personalPhone: '+13125550142' });
    assert.equal(expired.status, 410);
    assert.equal((await bodyOf(expired)).error?.code, 'invitation_expired');

    const barbara = await invite('barbara.liskov@acme.test');
    await invite('barbara.liskov@acme.test');
    const superseded = await post({
      username: barbara.username,
      password: barbara.password,
      personalPhone: '+14155550126',
    });
    assert.equal(superseded.status, 410);
    assert.equal((await bodyOf(superseded)).error?.code, 'invitation_superseded');
  });

  it('429 with Retry-After once a username has used its attempts', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = await post({ username: 'Target@acme.test', password: `wrong-${i}`, personalPhone: '+14155550100' });
      if (i < 10) assert.equal(last.status, 401);
    }
    assert.equal(last!.status, 429);
    const retryAfter = Number(last!.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
    assert.equal((await bodyOf(last!)).error?.code, 'rate_limited');
  });
});
