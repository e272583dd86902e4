import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '@/db/client';
import { POST } from '@/app/api/v1/activations/route';
import { reinstateAccounts } from '@/lib/accounts/reinstate-accounts';
import { suspendAccounts } from '@/lib/accounts/suspend-accounts';
import { ACTIVATION_MESSAGES } from '@/lib/activation/activation-messages';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { ActivationApiBody } from '../helpers/activation-api';
import { type AppDatabase, openAppDatabase } from '../helpers/app-db';
import { inviteAccount } from '../helpers/invitations';
import { accountIdByEmail } from '../helpers/rows';
import { adminScope, DEMO_ADMINS } from '../helpers/test-db';

// The route handler as the app runs it, through getDb(), on this file's own database.

const META: RequestMeta = { ipAddress: '203.0.113.34', userAgent: 'suspended-api-test' };

describe('POST /api/v1/activations for a Suspended account', () => {
  let app: AppDatabase | undefined;
  let db: Db;
  let address = 0;
  const post = (body: unknown) =>
    POST(
      new Request('http://portal.test/api/v1/activations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `192.0.2.${++address}` },
        body: JSON.stringify(body),
      }),
    );

  before(async () => {
    app = await openAppDatabase('ml-suspended-api-');
    db = app.db;
  });
  after(async () => {
    await app?.close();
  });

  it('403 account_suspended for the first activation and for a reinstall; 200 once reinstated and invited', async () => {
    const owner = await adminScope(db, DEMO_ADMINS.acmeOwner);
    const grace = await accountIdByEmail(db, 'grace.hopper@acme.test');
    const first = await inviteAccount(db, grace);
    const credentials = { username: first.username, password: first.password, personalPhone: '+14155550130' };
    await suspendAccounts(db, owner, META, [grace]);

    const refused = await post(credentials);
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('cache-control'), 'no-store');
    assert.deepEqual((await refused.json()) as ActivationApiBody, {
      error: { code: 'account_suspended', message: ACTIVATION_MESSAGES.suspended },
    });

    // Reinstated, it is Not invited (it never activated): the old password stays superseded.
    await reinstateAccounts(db, owner, META, [grace]);
    const stale = (await (await post(credentials)).json()) as ActivationApiBody;
    assert.equal(stale.error?.code, 'invitation_superseded');
    const next = await inviteAccount(db, grace);
    const activated = await post({ ...credentials, password: next.password });
    assert.equal(activated.status, 200);

    // Active, then suspended: a reinstall with the current password is refused too.
    await suspendAccounts(db, owner, META, [grace]);
    const reinstall = await post({ ...credentials, password: next.password });
    assert.equal(reinstall.status, 403);
    assert.equal(((await reinstall.json()) as ActivationApiBody).error?.code, 'account_suspended');
  });
});
