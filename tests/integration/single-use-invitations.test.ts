import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { POST } from '@/app/api/v1/activations/route';
import { describeInvitationLink } from '@/lib/activation/describe-invitation-link';
import { ORGANIZATION_NOT_FOUND } from '@/lib/organizations/rename-organization';
import { setSingleUseInvitations } from '@/lib/organizations/set-single-use-invitations';
import { resolveSingleUseInvitations } from '@/lib/organizations/single-use-invitations';
import { getOrganizationTree } from '@/lib/organizations/get-organization-tree';
import type { AuditEvent } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import { activationHarness, assertFailure } from '../helpers/activation';
import type { ActivationApiBody } from '../helpers/activation-api';
import { e164Range, insertNumbers } from '../helpers/numbers';
import { demoAdminScopes, demoOrganizations, refused } from '../helpers/test-db';

// Single-use invitations: the organization setting (inherited, overridden), copied onto each invitation
// when it is sent, and a second activation (a reinstall) refused with invitation_used, by the link and
// through POST /api/v1/activations.

const meta = { ipAddress: '203.0.113.9', userAgent: 'test' };
const PHONE = '+14155550177';

describe('single-use invitations', () => {
  const h = activationHarness({ appDatabase: 'ml-single-use-' });
  let org: Record<string, string>;
  let admins: { acmeOwner: AdminScope; salesAdmin: AdminScope };
  const numbers = e164Range('+1646555', 1, 20);
  let nextNumber = 0;

  const set = (organizationId: string, singleUse: 'inherit' | 'on' | 'off', admin = admins.acmeOwner) =>
    setSingleUseInvitations(h.db, admin, meta, { organizationId, singleUse });
  const effective = async (code: string) => (await resolveSingleUseInvitations(h.db, [org[code]!])).get(org[code]!)!;
  /** A new Sales account with a number of its own, invited now. */
  const invitedSalesAccount = async () => {
    const account = await h.newAccount('2001', { number: numbers[nextNumber++] });
    return { account, secrets: await h.invite(account.id) };
  };
  const post = (body: unknown) =>
    POST(
      new Request('http://portal.test/api/v1/activations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `192.0.2.${nextNumber}` },
        body: JSON.stringify(body),
      }),
    );

  before(async () => {
    ({ org } = await demoOrganizations(h.db));
    admins = await demoAdminScopes(h.db);
    await insertNumbers(h.db, org['2001']!, '+1646555', 20);
  });

  it('is off by default, inherited from the parent and overridden by a child; audited with old and new values', async () => {
    for (const code of ['2000', '2002', '2003'])
      assert.deepEqual(await effective(code), { own: null, inherited: false, effective: false });

    const on = await set(org['2002']!, 'on');
    assert.deepEqual(on, {
      id: org['2002'],
      name: 'Support',
      from: 'inherit',
      to: 'on',
      effective: true,
      changed: true,
    });
    assert.equal((await effective('2003')).effective, true, 'Support EMEA inherits from Support');
    assert.equal((await effective('2001')).effective, false, 'a sibling is not affected');

    const off = await set(org['2003']!, 'off');
    assert.equal(off.effective, false);
    assert.deepEqual(await effective('2003'), { own: false, inherited: true, effective: false });

    const [event] = await h.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'organization.single_use_invitations'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    assert.deepEqual(pick(event!), {
      organizationId: org['2003'],
      actorEmail: 'owner@acme.test',
      details: { from: 'inherit', to: 'off' },
    });

    const again = await set(org['2003']!, 'off');
    assert.equal(again.changed, false, 'the same value changes nothing');

    // The root's own value reaches every organization that inherits.
    await set(org['2003']!, 'inherit');
    await set(org['2002']!, 'inherit');
    await set(org['2000']!, 'on');
    assert.equal((await effective('2003')).effective, true);
    await set(org['2000']!, 'inherit');

    const tree = await getOrganizationTree(h.db, admins.acmeOwner);
    assert.ok(tree.every((o) => o.singleUse.effective === false && o.singleUse.own === null));
  });

  it('is set by administrators in scope only', async () => {
    await refused(() => set(org['2002']!, 'on', admins.salesAdmin), ORGANIZATION_NOT_FOUND);
    const own = await set(org['2001']!, 'on', admins.salesAdmin);
    assert.equal(own.effective, true, 'an admin sets their own organization (and so their subtree)');
    await set(org['2001']!, 'inherit', admins.salesAdmin);
  });

  it('is copied onto each invitation when it is sent, resolved per organization', async () => {
    await set(org['2002']!, 'on');
    await set(org['2003']!, 'off');
    try {
      const support = await h.newAccount('2002');
      const emea = await h.newAccount('2003');
      const sales = await h.newAccount('2001');
      for (const a of [support, emea, sales]) await h.invite(a.id);
      assert.equal((await h.currentInvitation(support.id)).singleUse, true);
      assert.equal((await h.currentInvitation(emea.id)).singleUse, false);
      assert.equal((await h.currentInvitation(sales.id)).singleUse, false);
    } finally {
      await set(org['2002']!, 'inherit');
      await set(org['2003']!, 'inherit');
    }
  });

  it('by the link: activates once; the reinstall is refused with invitation_used and the page says so', async () => {
    await set(org['2001']!, 'on');
    const { account, secrets } = await invitedSalesAccount();
    assert.equal((await describeInvitationLink(h.db, secrets.token)).state, 'ready');
    const first = await h.activate({ credentials: { token: secrets.token }, personalPhone: PHONE });
    assert.equal(first.ok, true);

    const second = await h.activate({ credentials: { token: secrets.token }, personalPhone: PHONE });
    assertFailure(second, 'invitation_used');
    assert.deepEqual(await describeInvitationLink(h.db, secrets.token), { state: 'used', organizationName: 'Sales' });
    // The password of the same invitation is refused too: it is one invitation.
    const byPassword = await h.activate({
      credentials: { username: secrets.username, password: secrets.password },
      personalPhone: PHONE,
    });
    assertFailure(byPassword, 'invitation_used');

    // A new invitation works once more: the reinstall the administrator allowed.
    const next = await h.invite(account.id);
    const reinstall = await h.activate({ credentials: { token: next.token }, personalPhone: PHONE });
    assert.equal(reinstall.ok && reinstall.reinstall, true);
    await set(org['2001']!, 'inherit');
  });

  it('through POST /api/v1/activations: 200 once, then 410 invitation_used; nothing changes', async () => {
    await set(org['2001']!, 'on');
    const { account, secrets } = await invitedSalesAccount();
    const body = { username: secrets.username, password: secrets.password, personalPhone: PHONE };
    const first = await post(body);
    assert.equal(first.status, 200);
    const activatedAt = (await h.accountById(account.id)).activatedAt;

    const second = await post(body);
    assert.equal(second.status, 410);
    const error = ((await second.json()) as ActivationApiBody).error;
    assert.equal(error?.code, 'invitation_used');
    assert.match(error?.message ?? '', /already been used/);
    assert.deepEqual((await h.accountById(account.id)).activatedAt, activatedAt);
    const activations = (await h.auditOf(account.id)).filter((e) => e.action === 'account.activate');
    assert.equal(activations.length, 1);
    await set(org['2001']!, 'inherit');
  });

  it('an invitation sent before the setting was turned on keeps its rule: reinstalls still work', async () => {
    const { account, secrets } = await invitedSalesAccount();
    await set(org['2001']!, 'on');
    assert.equal((await h.currentInvitation(account.id)).singleUse, false);
    try {
      const body = { username: secrets.username, password: secrets.password, personalPhone: PHONE };
      assert.equal((await post(body)).status, 200);
      const again = await post(body);
      assert.equal(again.status, 200);
      assert.equal(((await again.json()) as ActivationApiBody).reinstall, true);
    } finally {
      await set(org['2001']!, 'inherit');
    }
  });
});

function pick(event: AuditEvent) {
  return { organizationId: event.organizationId, actorEmail: event.actorEmail, details: event.details };
}
