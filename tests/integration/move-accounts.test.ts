import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import {
  accounts,
  accountCounts,
  accountStatus,
  auditEvents,
  invitations,
  organizations,
  permissionGroups,
  phoneNumbers,
} from '@/db/schema';
import { getMoveOptions, moveAccounts, DESTINATION_NOT_FOUND } from '@/lib/accounts/move-accounts';
import {
  describeMove,
  MOVE_NOT_ENOUGH_NUMBERS,
  moveAccountsSchema,
  type MoveResult,
  unitsNeeded,
} from '@/lib/accounts/move-accounts-schema';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { getHeadroom, NOT_ENOUGH_NUMBERS } from '@/lib/numbers/headroom';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
  refusal,
} from '../helpers/test-db';
import { waitFor } from '../helpers/wait';
import { auditCount } from '../helpers/rows';

const META: RequestMeta = { ipAddress: '203.0.113.21', userAgent: 'move-test' };
const DAY = 86_400_000;

describe('moveAccounts', () => {
  let t: TestDatabase;
  let owner: AdminScope;
  let salesAdmin: AdminScope;
  let globexOwner: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;
  let executives: string;
  let serial = 0;
  let numberSerial = 0;

  type Kind = 'pending' | 'pending-numbered' | 'active-numbered' | 'not-invited';
  /** Accounts of our own, with unique emails; numbered ones get a fresh number of their organization. */
  async function makeAccounts(code: string, kinds: Kind[]): Promise<string[]> {
    const now = Date.now();
    const rows = await t.db
      .insert(accounts)
      .values(
        kinds.map((kind) => {
          serial += 1;
          const invited = kind !== 'not-invited';
          const invitedAt = invited ? new Date(now - 2 * DAY) : null;
          const status: (typeof accountStatus.enumValues)[number] =
            kind === 'active-numbered' ? 'active' : invited ? 'invited' : 'not_invited';
          return {
            organizationId: org[code]!,
            permissionGroupId: group[code]!,
            firstName: 'Mover',
            lastName: `No${serial}`,
            email: `mover${serial}@move.test`,
            status,
            invitedAt,
            invitationExpiresAt: invitedAt ? new Date(invitedAt.getTime() + 30 * DAY) : null,
            activatedAt: kind === 'active-numbered' ? new Date(now - DAY) : null,
            personalPhone: kind === 'active-numbered' ? `+1415777${String(serial).padStart(4, '0')}` : null,
          };
        }),
      )
      .returning({ id: accounts.id });
    const ids = rows.map((r) => r.id);
    const numbered = ids.filter((_, i) => kinds[i]!.endsWith('-numbered'));
    if (numbered.length > 0) {
      await t.db.insert(phoneNumbers).values(
        numbered.map((accountId) => ({
          e164: `+1646888${String(++numberSerial).padStart(4, '0')}`,
          organizationId: org[code]!,
          accountId,
          assignedAt: new Date(),
        })),
      );
    }
    const invitedIds = ids.filter((_, i) => kinds[i] !== 'not-invited');
    if (invitedIds.length > 0) {
      await t.db.insert(invitations).values(
        invitedIds.map((accountId, i) => ({
          accountId,
          channel: 'email' as const,
          destination: `invited${accountId}@move.test`,
          passwordHash: `pw-${accountId}-${i}`,
          tokenHash: `token-${accountId}`,
          expiresAt: new Date(now + 28 * DAY),
        })),
      );
    }
    return ids;
  }

  /** A new organization under Acme Corp with `numbers` available numbers and one default group. */
  async function makeOrganization(code: string, name: string, numbers: number): Promise<void> {
    const [root] = await t.db.select().from(organizations).where(eq(organizations.id, org['2000']!));
    const id = crypto.randomUUID();
    await t.db.insert(organizations).values({
      id,
      tenantId: root!.tenantId,
      parentId: root!.id,
      code,
      name,
      path: `${root!.path}${id}/`,
      depth: root!.depth + 1,
    });
    const [g] = await t.db
      .insert(permissionGroups)
      .values({ organizationId: id, name: `default cos for org ${code}`, isDefault: true })
      .returning();
    org[code] = id;
    group[code] = g!.id;
    if (numbers > 0) {
      await t.db.insert(phoneNumbers).values(
        Array.from({ length: numbers }, () => ({
          e164: `+1646888${String(++numberSerial).padStart(4, '0')}`,
          organizationId: id,
        })),
      );
    }
  }

  const snapshot = async (ids: string[]) =>
    (
      await t.db
        .select({
          id: accounts.id,
          organizationId: accounts.organizationId,
          permissionGroupId: accounts.permissionGroupId,
          status: accounts.status,
          invitedAt: accounts.invitedAt,
          personalPhone: accounts.personalPhone,
        })
        .from(accounts)
        .where(inArray(accounts.id, ids))
    ).sort((a, b) => a.id.localeCompare(b.id));
  const numbersOf = async (ids: string[]) =>
    (
      await t.db
        .select({ accountId: phoneNumbers.accountId, organizationId: phoneNumbers.organizationId })
        .from(phoneNumbers)
        .where(inArray(phoneNumbers.accountId, ids))
    ).sort((a, b) => a.accountId!.localeCompare(b.accountId!));
  const headroomOf = async (code: string) => (await getHeadroom(t.db, [org[code]!])).get(org[code]!)!.headroom;
  const countOf = async (code: string) =>
    Number(
      (
        await t.db
          .select({ total: accountCounts.total })
          .from(accountCounts)
          .where(eq(accountCounts.organizationId, org[code]!))
      )[0]?.total ?? 0,
    );

  const move = (admin: AdminScope, ids: string[], code: string, groupId = group[code]!) =>
    moveAccounts(
      t.db,
      admin,
      META,
      moveAccountsSchema.parse({ ids, organizationId: org[code], permissionGroupId: groupId }),
    );

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner: owner, salesAdmin, globexOwner } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
    executives = (await t.db.select().from(permissionGroups).where(eq(permissionGroups.name, 'Executives')))[0]!.id;
  });
  after(() => t.close());

  it('the dialog message is the documented sentence, built from the one headroom message', () => {
    assert.equal(MOVE_NOT_ENOUGH_NUMBERS, `Unable to move account(s). ${NOT_ENOUGH_NUMBERS}`);
    assert.equal(
      MOVE_NOT_ENOUGH_NUMBERS,
      'Unable to move account(s). You do not have enough numbers available in the selected organization',
    );
  });

  it('moves accounts with their numbers and group; status, invitations and personal phone stay', async () => {
    const ids = await makeAccounts('2000', ['pending', 'pending-numbered', 'active-numbered', 'not-invited']);
    const before = await snapshot(ids);
    const invitationsBefore = await t.db.select().from(invitations).where(inArray(invitations.accountId, ids));
    const salesHeadroom = await headroomOf('2001');
    const acmeHeadroom = await headroomOf('2000');
    const [salesCount, acmeCount] = [await countOf('2001'), await countOf('2000')];
    const audits = await auditCount(t.db);

    const result = await move(owner, ids, '2001');

    assert.deepEqual(result, { moved: 4, alreadyThere: 0, notFound: 0, numbersMoved: 2, destinationName: 'Sales' });
    assert.equal(describeMove(result), '4 accounts moved to Sales (2 numbers with them).');
    const after = await snapshot(ids);
    for (const [i, row] of after.entries()) {
      assert.equal(row.organizationId, org['2001']);
      assert.equal(row.permissionGroupId, group['2001']);
      assert.equal(row.status, before[i]!.status);
      assert.deepEqual(row.invitedAt, before[i]!.invitedAt);
      assert.equal(row.personalPhone, before[i]!.personalPhone);
    }
    assert.deepEqual(
      (await numbersOf(ids)).map((n) => n.organizationId),
      [org['2001'], org['2001']],
      'the numbers changed organization with their accounts',
    );
    const invitationsAfter = await t.db.select().from(invitations).where(inArray(invitations.accountId, ids));
    assert.deepEqual(invitationsAfter, invitationsBefore, 'invitations untouched');
    // Two unnumbered accounts (Pending, Not invited) took two units of Sales' headroom and freed two of Acme Corp's.
    assert.equal(await headroomOf('2001'), salesHeadroom - 2);
    assert.equal(await headroomOf('2000'), acmeHeadroom + 2);
    assert.equal(await countOf('2001'), salesCount + 4, 'the per-organization counters follow');
    assert.equal(await countOf('2000'), acmeCount - 4);

    assert.equal(await auditCount(t.db), audits + 1);
    const [event] = await t.db.select().from(auditEvents).orderBy(auditEvents.id).offset(audits);
    assert.equal(event!.action, 'account.move');
    assert.equal(event!.actorAdminId, owner.id);
    assert.equal(event!.organizationId, org['2000'], 'Acme Corp holds both the source and the destination');
    assert.deepEqual([...event!.targetIds].sort(), [...ids].sort());
    assert.deepEqual(event!.details, {
      to: org['2001'],
      permissionGroupId: group['2001'],
      from: { [org['2000']!]: 4 },
      moved: 4,
      numbersMoved: 2,
      headroomUsed: 2,
      alreadyThere: 0,
      notFound: 0,
    });
  });

  it('counts accounts already in the destination and leaves them as they are', async () => {
    const [stay] = await makeAccounts('2000', ['pending-numbered']);
    await t.db.update(accounts).set({ permissionGroupId: executives }).where(eq(accounts.id, stay!));
    const [go] = await makeAccounts('2002', ['pending-numbered']);
    const result = await move(owner, [stay!, go!, '00000000-0000-4000-8000-000000000000'], '2000');
    assert.deepEqual(result, {
      moved: 1,
      alreadyThere: 1,
      notFound: 1,
      numbersMoved: 1,
      destinationName: 'Acme Corp',
    });
    assert.equal(
      describeMove(result),
      '1 account moved to Acme Corp (1 number with it), 1 already there, 1 not found.',
    );
    const [stayed] = await snapshot([stay!]);
    assert.equal(stayed!.permissionGroupId, executives, 'an account already there keeps its group');
    const [went] = await snapshot([go!]);
    assert.equal(went!.organizationId, org['2000']);
  });

  it('takes a group of the destination only', async () => {
    const [id] = await makeAccounts('2002', ['pending-numbered']);
    const error = await refusal(move(owner, [id!], '2001', group['2000']));
    assert.deepEqual(error.fieldErrors, { permissionGroupId: ['Choose User Permissions of this organization.'] });
    const [row] = await snapshot([id!]);
    assert.equal(row!.organizationId, org['2002']);
  });

  it('refuses unnumbered accounts where numbers are lacking, with the documented message, and changes nothing', async () => {
    const ids = await makeAccounts('2002', ['pending', 'not-invited', 'pending-numbered']);
    const before = await snapshot(ids);
    const audits = await auditCount(t.db);
    const error = await refusal(move(owner, ids, '2003'));
    assert.ok(error.message.startsWith(MOVE_NOT_ENOUGH_NUMBERS), error.message);
    assert.equal(error.message, `${MOVE_NOT_ENOUGH_NUMBERS} (2 needed, 0 available: 2 short).`);
    assert.deepEqual(await snapshot(ids), before);
    assert.deepEqual(
      (await numbersOf(ids)).map((n) => n.organizationId),
      [org['2002']],
    );
    assert.equal(await auditCount(t.db), audits);

    // One unnumbered account: the message without the figures.
    const single = await refusal(move(owner, [ids[0]!], '2003'));
    assert.equal(single.message, `${MOVE_NOT_ENOUGH_NUMBERS}.`);
  });

  it('lets accounts with numbers, and Active ones, into an organization without available numbers', async () => {
    const ids = await makeAccounts('2002', ['pending-numbered', 'active-numbered']);
    const headroom = await headroomOf('2003');
    const result = await move(owner, ids, '2003');
    assert.equal(result.moved, 2);
    assert.equal(result.numbersMoved, 2);
    assert.equal(await headroomOf('2003'), headroom, 'numbered accounts need no headroom');
  });

  it('an administrator of another tenant moves nothing, and learns nothing', async () => {
    const ids = await makeAccounts('2000', ['pending', 'pending-numbered']);
    const before = await snapshot(ids);
    const audits = await auditCount(t.db);

    // Into their own organization: the Acme accounts are simply not found.
    const result = await move(globexOwner, ids, '3000');
    assert.deepEqual(result, { moved: 0, alreadyThere: 0, notFound: 2, numbersMoved: 0, destinationName: 'Globex' });
    // Into an Acme organization: not found, as if it did not exist.
    const error = await refusal(move(globexOwner, ids, '2001'));
    assert.equal(error.message, DESTINATION_NOT_FOUND);
    assert.doesNotMatch(JSON.stringify(error), /Sales|Acme|mover/i);

    assert.deepEqual(await snapshot(ids), before);
    assert.equal(await auditCount(t.db), audits);
    const options = await getMoveOptions(t.db, globexOwner, ids);
    assert.equal(options.found, 0);
    assert.deepEqual(
      options.destinations.map((d) => d.code),
      ['3000'],
    );
    assert.doesNotMatch(JSON.stringify(options), /Sales|Acme/);
  });

  it('an administrator of a sibling organization moves nothing of Support, and cannot move into it', async () => {
    const support = await makeAccounts('2002', ['pending-numbered']);
    const sales = await makeAccounts('2001', ['pending-numbered']);
    const before = await snapshot([...support, ...sales]);
    const audits = await auditCount(t.db);

    const result = await move(salesAdmin, support, '2001');
    assert.equal(result.moved, 0);
    assert.equal(result.notFound, 1);
    const error = await refusal(move(salesAdmin, sales, '2002'));
    assert.equal(error.message, DESTINATION_NOT_FOUND);
    const upward = await refusal(move(salesAdmin, sales, '2000'));
    assert.equal(upward.message, DESTINATION_NOT_FOUND, 'the parent organization is outside the scope too');

    assert.deepEqual(await snapshot([...support, ...sales]), before);
    assert.equal(await auditCount(t.db), audits);
  });

  it('offers the organizations in scope but the source, with groups, headroom and the units the selection needs', async () => {
    const ids = await makeAccounts('2002', ['pending', 'not-invited', 'pending-numbered', 'active-numbered']);
    const options = await getMoveOptions(t.db, owner, ids);
    assert.equal(options.found, 4);
    assert.equal(options.unitsHeld, 2);
    assert.deepEqual(options.sourceOrganizationIds, [org['2002']]);
    assert.ok(!options.destinations.some((d) => d.id === org['2002']), 'not the source');
    const acme = options.destinations.find((d) => d.id === org['2000'])!;
    assert.equal(acme.groups[0]!.name, 'default cos for org 2000', 'the default comes first');
    assert.ok(acme.groups.some((g) => g.id === executives));
    assert.equal(acme.headroom, await headroomOf('2000'));
    const emea = options.destinations.find((d) => d.id === org['2003'])!;
    assert.ok(emea.headroom <= 0);
    assert.equal(unitsNeeded(options, org['2003']!), 2);

    // Mixed sources: every organization is offered; those already there need nothing.
    const more = await makeAccounts('2001', ['pending']);
    const mixed = await getMoveOptions(t.db, owner, [...ids, ...more]);
    assert.deepEqual(
      mixed.destinations.map((d) => d.code),
      ['2000', '2001', '2002', '2003'],
    );
    assert.equal(unitsNeeded(mixed, org['2001']!), 2);
    assert.equal(unitsNeeded(mixed, org['2002']!), 1);
    assert.equal(unitsNeeded(mixed, org['2000']!), 3);
  });

  it('two concurrent moves that together exceed the headroom: exactly one wins', async () => {
    await makeOrganization('2950', 'Race', 3);
    assert.equal(await headroomOf('2950'), 3);
    const first = await makeAccounts('2000', ['pending', 'pending']);
    const second = await makeAccounts('2001', ['not-invited', 'pending']);

    const race = () => Promise.allSettled([move(owner, first, '2950'), move(owner, second, '2950')]);
    let outcomes: PromiseSettledResult<MoveResult>[];
    if (t.kind === 'postgres') {
      // Start both while a third transaction holds their accounts, so that they run into each other
      // rather than one after the other; released once both wait on a lock.
      const { racing } = await t.db.transaction(async (blocker) => {
        await blocker.execute(
          sql`select id from accounts where id = any(${pgArray([...first, ...second])}::uuid[]) for update`,
        );
        const racing = race();
        await waitFor(
          'both moves waiting on a lock',
          async () => {
            const [row] = await queryRows<{ n: number }>(
              t.db,
              sql`select count(*)::int as n from pg_stat_activity
                  where datname = current_database() and wait_event_type = 'Lock'`,
            );
            return Number(row!.n) >= 2 ? true : undefined;
          },
          120_000,
          10,
        );
        return { racing }; // not awaited here: the blocker must commit first
      });
      outcomes = await racing;
    } else {
      // PGlite is one connection: its transactions run one after the other.
      outcomes = await race();
    }

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(won.length, 1, JSON.stringify(outcomes));
    assert.equal(lost.length, 1);
    const reason = (lost[0] as PromiseRejectedResult).reason as unknown;
    assert.ok(reason instanceof UserFacingError, String(reason));
    assert.ok(reason.message.startsWith(MOVE_NOT_ENOUGH_NUMBERS), reason.message);
    assert.equal((won[0] as PromiseFulfilledResult<{ moved: number }>).value.moved, 2);

    const inRace = await t.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.organizationId, org['2950']!));
    assert.equal(inRace.length, 2);
    const winner = outcomes[0]!.status === 'fulfilled' ? first : second;
    assert.deepEqual(inRace.map((r) => r.id).sort(), [...winner].sort());
    assert.equal(await headroomOf('2950'), 1, 'never overdrawn');
    assert.equal(await countOf('2950'), 2);
  });
});
