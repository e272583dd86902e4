import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { accounts, permissionGroups } from '@/db/schema';
import { type TestDatabase, createTestDatabase, orgIdByCode, seedDemo } from '../helpers/test-db';

/** account_counts must always equal a real count per organization. */
describe('account_counts, kept by triggers', () => {
  let t: TestDatabase;
  const check = async () => {
    const mismatches = await queryRows<{ organization_id: string }>(
      t.db,
      sql`select o.id as organization_id from organizations o
          left join account_counts c on c.organization_id = o.id
          where coalesce(c.total, 0) <> (select count(*) from accounts a where a.organization_id = o.id)`,
    );
    assert.deepEqual(
      mismatches.map((m) => m.organization_id),
      [],
    );
  };
  const totalOf = async (code: string) => {
    const [row] = await queryRows<{ total: number }>(
      t.db,
      sql`select total from account_counts where organization_id = ${await orgIdByCode(t.db, code)}`,
    );
    return Number(row?.total ?? 0);
  };

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  after(() => t.close());

  it('match the seed', async () => {
    await check();
    assert.equal(await totalOf('2000'), 5);
    assert.equal(await totalOf('2003'), 0);
  });

  it('follow a bulk insert, a move between organizations, an update that moves nothing, and deletes', async () => {
    const support = await orgIdByCode(t.db, '2002');
    const emea = await orgIdByCode(t.db, '2003');
    const [group] = await t.db.select().from(permissionGroups).where(eq(permissionGroups.organizationId, support));
    const [emeaGroup] = await t.db.select().from(permissionGroups).where(eq(permissionGroups.organizationId, emea));
    await t.db.insert(accounts).values(
      Array.from({ length: 500 }, (_, i) => ({
        organizationId: support,
        permissionGroupId: group!.id,
        firstName: 'Bulk',
        lastName: String(i),
        email: `bulk${i}@acme.test`,
      })),
    );
    await check();
    assert.equal(await totalOf('2002'), 502);

    await t.db
      .update(accounts)
      .set({ organizationId: emea, permissionGroupId: emeaGroup!.id })
      .where(sql`${accounts.email} like 'bulk1%'`);
    await check();
    assert.equal(await totalOf('2003'), 111);

    await t.db.update(accounts).set({ lastName: 'Renamed' }).where(eq(accounts.firstName, 'Bulk'));
    await check();

    await t.db.delete(accounts).where(eq(accounts.firstName, 'Bulk'));
    await check();
    assert.equal(await totalOf('2002'), 2);
    assert.equal(await totalOf('2003'), 0);
  });

  it('roll back with the transaction', async () => {
    const sales = await orgIdByCode(t.db, '2001');
    const [group] = await t.db.select().from(permissionGroups).where(eq(permissionGroups.organizationId, sales));
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await tx.insert(accounts).values({
          organizationId: sales,
          permissionGroupId: group!.id,
          firstName: 'Gone',
          lastName: 'Soon',
          email: 'gone@acme.test',
        });
        throw new Error('abort');
      }),
      /abort/,
    );
    await check();
  });

  it('stay exact under concurrent statements that each span several organizations, in any row order', async () => {
    const codes = ['2000', '2001', '2002'];
    const orgs = await Promise.all(codes.map((c) => orgIdByCode(t.db, c)));
    const groups = await Promise.all(
      orgs.map(
        async (o) => (await t.db.select().from(permissionGroups).where(eq(permissionGroups.organizationId, o)))[0]!,
      ),
    );
    // One statement touching three organizations locks their counters in organization order, whatever
    // the order of its rows, so these cannot deadlock with each other.
    await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        t.db.transaction(async (tx) => {
          const order = k % 2 ? [0, 1, 2] : [2, 1, 0];
          await tx.insert(accounts).values(
            order.map((i) => ({
              organizationId: orgs[i]!,
              permissionGroupId: groups[i]!.id,
              firstName: 'Race',
              lastName: `${k}-${i}`,
              email: `race${k}.${i}@acme.test`,
            })),
          );
          await tx
            .delete(accounts)
            .where(sql`${accounts.email} like ${`race${k}.%`} and ${accounts.lastName} <> ${`${k}-1`}`);
        }),
      ),
    );
    await check();
    assert.equal(await totalOf('2001'), 3 + 12);
    await t.db.delete(accounts).where(eq(accounts.firstName, 'Race'));
    await check();
  });
});
