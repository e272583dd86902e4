import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { suspendAccounts } from '@/lib/accounts/suspend-accounts';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { describeResend, resendAccountInvitations } from '@/lib/invitations/resend-account-invitations';
import { activationHarness } from '../helpers/activation';
import { demoAdminScopes } from '../helpers/test-db';

const META: RequestMeta = { ipAddress: '203.0.113.33', userAgent: 'send-invite-test' };
const SEND = { baseUrl: 'https://portal.test', first: true };

describe('Send Invite (resendAccountInvitations with first)', () => {
  const h = activationHarness();
  let admins: Record<'acmeOwner' | 'salesAdmin' | 'globexOwner', AdminScope>;
  before(async () => {
    admins = await demoAdminScopes(h.db);
  });

  const sendEvents = () => h.db.select().from(auditEvents).where(eq(auditEvents.action, 'account.invite.send'));

  it('invites the accounts Not invited and skips, with their reasons, those invited before and those suspended', async () => {
    const fresh = await h.newAccount('2001');
    const invited = await h.newAccount('2001');
    await h.invite(invited.id);
    const suspended = await h.newAccount('2001');
    await suspendAccounts(h.db, admins.acmeOwner, META, [suspended.id]);
    const before = (await sendEvents()).length;

    const result = await resendAccountInvitations(
      h.db,
      admins.acmeOwner,
      META,
      [fresh.id, invited.id, suspended.id],
      SEND,
    );
    assert.deepEqual(result, { sent: 1, skippedRecent: 0, notFound: 0, skippedSuspended: 1, skippedInvited: 1 });
    assert.equal(
      describeResend(result),
      '1 invitation sent, 1 skipped: suspended (reinstate first), 1 skipped: already invited (use Resend Invite).',
    );
    assert.equal((await h.accountById(fresh.id)).status, 'invited');
    assert.ok((await h.currentInvitation(fresh.id)).id);
    assert.equal((await h.accountById(suspended.id)).status, 'suspended');

    const events = await sendEvents();
    assert.equal(events.length, before + 1);
    assert.deepEqual(events.at(-1)!.targetIds, [fresh.id]);

    // A second click finds it invited: nothing is sent twice.
    const again = await resendAccountInvitations(h.db, admins.acmeOwner, META, [fresh.id], SEND);
    assert.deepEqual(again, { sent: 0, skippedRecent: 0, notFound: 0, skippedInvited: 1 });
  });

  it('sends nothing outside the scope', async () => {
    const acme = await h.newAccount('2000');
    for (const admin of [admins.salesAdmin, admins.globexOwner]) {
      assert.deepEqual(await resendAccountInvitations(h.db, admin, META, [acme.id], SEND), {
        sent: 0,
        skippedRecent: 0,
        notFound: 1,
      });
    }
    assert.equal((await h.accountById(acme.id)).status, 'not_invited');
  });
});
