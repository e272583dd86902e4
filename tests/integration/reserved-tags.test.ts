import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { accounts, auditEvents, phoneNumbers } from '@/db/schema';
import { addAccount } from '@/lib/accounts/add-account';
import { addAccountSchema } from '@/lib/accounts/add-account-schema';
import { describeInvitationLink } from '@/lib/activation/activate-account';
import { availableNumbers, availableTags } from '@/lib/numbers/available-numbers';
import { getNumbersPage } from '@/lib/numbers/get-numbers-page';
import { getHeadroom } from '@/lib/numbers/headroom';
import { moveNumbers } from '@/lib/numbers/move-numbers';
import { parseNumbersQuery } from '@/lib/numbers/numbers-query';
import { listReservedTags, ONLY_OWNERS_RESERVE_TAGS, setTagReserved } from '@/lib/numbers/reserved-tags';
import { activationHarness, assertFailure } from '../helpers/activation';
import { auditCount } from '../helpers/rows';
import { demoAdminScopes, demoOrganizations, refused } from '../helpers/test-db';

// Reserved tags (docs/product.md#headroom): lib/numbers/reserved-tags.ts, and their numbers left out of
// headroom and of activation, while an administrator may still pick them.

const META = { ipAddress: '203.0.113.7', userAgent: 'test' };
const PORTED = ['+12125550127', '+12125550128', '+12125550129'];

describe('Reserved tags', () => {
  const h = activationHarness();
  const scopes = () => demoAdminScopes(h.db);
  const orgs = async () => (await demoOrganizations(h.db)).org;
  const headroomOf = async (organizationId: string) => (await getHeadroom(h.db, [organizationId])).get(organizationId)!;

  it('the demo data reserves PORTED: its numbers leave the headroom and the activation choices', async () => {
    const org = await orgs();
    const { acmeOwner, globexOwner } = await scopes();
    assert.deepEqual(await listReservedTags(h.db, acmeOwner.tenantId), ['PORTED']);
    assert.deepEqual(await listReservedTags(h.db, globexOwner.tenantId), []);
    // Acme Corp: 30 numbers, 2 assigned, 3 PORTED; Alan, Katherine and Linus hold a unit each.
    assert.deepEqual(await headroomOf(org['2000']!), { available: 25, reserved: 3, headroom: 22 });

    assert.deepEqual(await availableTags(h.db, org['2000']!, { reserved: 'exclude' }), []);
    assert.deepEqual(await availableTags(h.db, org['2000']!, { reserved: 'include' }), [
      { tag: 'PORTED', available: 3, reserved: true },
    ]);
    const offered = await availableNumbers(h.db, org['2000']!, { limit: 100, reserved: 'exclude' });
    assert.equal(offered.length, 25);
    assert.ok(offered.every((n) => !n.reserved && n.tag === null));
    const all = await availableNumbers(h.db, org['2000']!, { search: '012', reserved: 'include' });
    assert.deepEqual(
      all.filter((n) => n.reserved).map((n) => n.e164),
      PORTED,
    );
  });

  it('activation neither offers nor takes a reserved number or tag, even when a request names it', async () => {
    const account = await h.newAccount('2000');
    const secrets = await h.invite(account.id);
    const link = await describeInvitationLink(h.db, secrets.token);
    assert.ok(link.state === 'ready');
    assert.deepEqual(link.choices?.tags, []);
    assert.ok(!link.choices?.numbers.some((n) => PORTED.includes(n.e164)));

    for (const numberChoice of [{ tag: 'PORTED' }, { e164: '+12125550127' }]) {
      const forced = await h.activate({
        credentials: { token: secrets.token },
        personalPhone: '+14155550140',
        numberChoice,
      });
      assertFailure(forced, 'number_taken');
      assert.deepEqual(forced.choices.tags, []);
      assert.ok(!forced.choices.numbers.some((n) => PORTED.includes(n.e164)));
    }
    assert.equal((await h.accountById(account.id)).status, 'invited');
    assert.equal(await h.numberOf(account.id), null);
    const ported = await h.db.select().from(phoneNumbers).where(inArray(phoneNumbers.e164, PORTED));
    assert.ok(
      ported.every((n) => n.accountId === null),
      'no reserved number was taken',
    );
  });

  it('Add Account may pick a reserved number or tag', async () => {
    const { acmeOwner } = await scopes();
    const { org, group } = await demoOrganizations(h.db);
    const values = (contact: string, number: string) =>
      addAccountSchema('US').parse({
        organizationId: org['2000'],
        firstName: 'Res',
        lastName: 'Erved',
        contact,
        number,
        permissionGroupId: group['2000'],
        intent: 'save',
      });
    const before = await headroomOf(org['2000']!);
    const byTag = await addAccount(h.db, acmeOwner, META, values('res.tag@acme.test', 'tag:PORTED'), {
      baseUrl: 'http://portal.test',
    });
    assert.equal(byTag.number, '+12125550127');
    const byNumber = await addAccount(h.db, acmeOwner, META, values('res.number@acme.test', '+12125550129'), {
      baseUrl: 'http://portal.test',
    });
    assert.equal(byNumber.number, '+12125550129');
    // Taking reserved numbers leaves the headroom as it was: they were in none.
    assert.deepEqual(await headroomOf(org['2000']!), before);
  });

  it('an owner reserves a tag of the tenant and releases it, audited; an admin may not; tenants are apart', async () => {
    const org = await orgs();
    const { acmeOwner, salesAdmin, globexOwner } = await scopes();
    await h.db
      .update(phoneNumbers)
      .set({ tag: 'VIP' })
      .where(inArray(phoneNumbers.e164, ['+12125550240', '+12125550241']));
    const before = await headroomOf(org['2001']!);

    await refused(
      () => setTagReserved(h.db, salesAdmin, META, { tenantId: salesAdmin.tenantId, tag: 'VIP', reserved: true }),
      ONLY_OWNERS_RESERVE_TAGS,
    );
    // Globex's owner naming Acme's tenant is refused as not found, and changes nothing.
    await refused(
      () => setTagReserved(h.db, globexOwner, META, { tenantId: acmeOwner.tenantId, tag: 'VIP', reserved: true }),
      'The organization was not found.',
    );
    assert.deepEqual(await headroomOf(org['2001']!), before);
    // Globex reserving VIP changes nothing in Acme.
    assert.equal(
      await setTagReserved(h.db, globexOwner, META, { tenantId: globexOwner.tenantId, tag: 'VIP', reserved: true }),
      true,
    );
    assert.deepEqual(await headroomOf(org['2001']!), before);

    assert.equal(
      await setTagReserved(h.db, acmeOwner, META, { tenantId: acmeOwner.tenantId, tag: 'VIP', reserved: true }),
      true,
    );
    assert.deepEqual(await headroomOf(org['2001']!), {
      ...before,
      available: before.available - 2,
      headroom: before.headroom - 2,
    });
    const [event] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'number.tag_reserve'), eq(auditEvents.tenantId, acmeOwner.tenantId)))
      .orderBy(desc(auditEvents.id));
    assert.equal(event!.actorAdminId, acmeOwner.id);
    assert.deepEqual(event!.targetIds, ['VIP']);
    assert.deepEqual(event!.details, { tag: 'VIP' });

    // Again: nothing changes, nothing is recorded.
    const events = await auditCount(h.db, 'number.tag_reserve');
    assert.equal(
      await setTagReserved(h.db, acmeOwner, META, { tenantId: acmeOwner.tenantId, tag: 'VIP', reserved: true }),
      false,
    );
    assert.equal(await auditCount(h.db, 'number.tag_reserve'), events);

    const page = await getNumbersPage(h.db, salesAdmin, parseNumbersQuery({ q: '024' }));
    assert.deepEqual(
      page.rows.filter((r) => r.reserved).map((r) => r.e164),
      ['+12125550240', '+12125550241'],
      'the Numbers page marks them',
    );

    assert.equal(
      await setTagReserved(h.db, acmeOwner, META, { tenantId: acmeOwner.tenantId, tag: 'VIP', reserved: false }),
      true,
    );
    assert.deepEqual(await headroomOf(org['2001']!), before);
    assert.equal(await auditCount(h.db, 'number.tag_unreserve'), 1);
    assert.deepEqual(await listReservedTags(h.db, acmeOwner.tenantId), ['PORTED']);
    assert.deepEqual(await listReservedTags(h.db, globexOwner.tenantId), ['VIP']);
  });

  it('a reserved number moves out of an organization short of numbers: it held none of its headroom', async () => {
    const { org, group } = await demoOrganizations(h.db);
    const { acmeOwner } = await scopes();
    const [number] = await h.db
      .insert(phoneNumbers)
      .values({ e164: '+12125550410', organizationId: org['2003']!, tag: 'PORTED' })
      .returning();
    await h.db.insert(accounts).values({
      organizationId: org['2003']!,
      permissionGroupId: group['2003']!,
      firstName: 'Short',
      lastName: 'Emea',
      email: 'short.emea@acme.test',
    });
    assert.equal((await headroomOf(org['2003']!)).headroom, -1);
    const moved = await moveNumbers(h.db, acmeOwner, META, [number!.id], org['2002']!);
    assert.equal(moved.moved, 1);
  });
});
