import { and, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { accounts, invitations, organizations, permissionGroups, phoneNumbers } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { type BenchDb, columnList, withBenchDb } from './bench-db';
import { FIRST_NAMES, LAST_NAMES, RARE_LAST_NAME } from './names';

/**
 * Bulk data for benchmarks, loaded with set-based SQL (generate_series) into a database that already
 * holds the demo tenants of docs/product.md#demo-data (lib/demo/seed-demo-data.ts). Deterministic for a
 * given seed and size.
 */

export { RARE_LAST_NAME } from './names';

/** Share of the generated accounts per demo organization code. */
const ORG_SHARES: Record<string, number> = { '2000': 0.3, '2001': 0.3, '2002': 0.2, '2003': 0.1, '3000': 0.1 };

export interface LoadedAccounts {
  generated: number;
  totalAccounts: number;
  invitations: number;
  numbers: number;
  assignedNumbers: number;
  seconds: number;
}

/**
 * Adds accounts until the database holds `totalAccounts`, across the demo organizations:
 * 20 % not invited, 25 % invited and pending, 10 % invited and expired, 45 % active; unique emails
 * (8 % have a device number in E.164 instead, 12 % both); each in its organization's default
 * permission group; one current invitation per invited or active account (and an older, superseded
 * one for a tenth of them); `assignedNumbers` new numbers assigned to invited or active accounts
 * (none in Support EMEA, which has no numbers), 10 % tagged VIP and 5 % PORTED, and 1,000 more left
 * in the pool. Then VACUUM ANALYZE, the state autovacuum would reach after a bulk load.
 */
export async function loadAccounts(
  url: string,
  options: { totalAccounts: number; assignedNumbers?: number; poolNumbers?: number; seed?: number },
): Promise<LoadedAccounts> {
  const started = performance.now();
  const assignedNumbers = options.assignedNumbers ?? 4_000;
  const poolNumbers = options.poolNumbers ?? 1_000;
  return withBenchDb(url, async (db) => {
    const orgs = await demoOrganizations(db);
    const emeaId = orgs.find((o) => o.code === '2003')!.id;
    const generated = Math.max(0, options.totalAccounts - (await db.$count(accounts)));

    await db.transaction(async (tx) => {
      await tx.execute(sql`select setseed(${options.seed ?? 0.42})`);
      await createSourceTables(tx, orgs, generated);
      await insertAccounts(tx);
      await insertInvitations(tx);
      await insertNumbers(tx, { emeaId, assignedNumbers, poolNumbers });
    });
    await db.execute(sql`vacuum analyze`);
    return { generated, ...(await countLoaded(db)), seconds: (performance.now() - started) / 1000 };
  });
}

/** The five demo organizations with their default group and the email domain of their tenant. */
async function demoOrganizations(db: BenchDb) {
  const root = alias(organizations, 'root');
  const rows = await db
    .select({ id: organizations.id, code: organizations.code, groupId: permissionGroups.id, tenantName: root.name })
    .from(organizations)
    .innerJoin(
      permissionGroups,
      and(eq(permissionGroups.organizationId, organizations.id), eq(permissionGroups.isDefault, true)),
    )
    .innerJoin(root, eq(root.id, organizations.tenantId))
    .where(inArray(organizations.code, Object.keys(ORG_SHARES)));
  if (rows.length !== 5) {
    throw new Error(`Expected the 5 demo organizations, found ${rows.length}: seed the demo data first`);
  }
  return rows
    .map((r) => ({ ...r, domain: `${r.tenantName.replace(/ /g, '').toLowerCase()}.example` }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

type DemoOrganization = Awaited<ReturnType<typeof demoOrganizations>>[number];

/**
 * Two temporary tables: bench_orgs, each organization's share of [0, 1); bench_src, one row of random
 * draws per account to generate (after setseed, so the same every run).
 */
async function createSourceTables(tx: BenchDb, orgs: DemoOrganization[], generated: number): Promise<void> {
  let lo = 0;
  const shares = orgs.map((o) => {
    const hi = o.code === '3000' ? 1.0001 : lo + ORG_SHARES[o.code]!;
    const row = sql`(${o.id}::uuid, ${o.groupId}::uuid, ${o.code}::text, ${o.domain}::text, ${lo}::float8, ${hi}::float8)`;
    lo = hi;
    return row;
  });
  await tx.execute(sql`create temp table bench_orgs on commit drop as
    select * from (values ${sql.join(shares, sql`, `)}) as v(org, grp, org_code, domain, lo, hi)`);
  await tx.execute(sql`create temp table bench_src on commit drop as
    select i, random() as r_org, random() as r_status, random() as r_time, random() as r_contact,
           random() as r_first, random() as r_last
    from generate_series(1, ${generated}::int) as i`);
}

/** One account per bench_src row, its state, times, names and contacts drawn from the row. */
async function insertAccounts(tx: BenchDb): Promise<void> {
  const columns = columnList(
    accounts.organizationId,
    accounts.permissionGroupId,
    accounts.firstName,
    accounts.lastName,
    accounts.email,
    accounts.deviceNumber,
    accounts.personalPhone,
    accounts.status,
    accounts.invitedAt,
    accounts.invitationExpiresAt,
    accounts.activatedAt,
    accounts.createdAt,
    accounts.updatedAt,
  );
  await tx.execute(sql`
    insert into ${accounts} (${columns})
    select o.org, o.grp, n.given, n.family,
      case when s.r_contact >= 0.08 then lower(n.given || '.' || n.family || '.' || s.i || '@' || o.domain) end,
      case when s.r_contact < 0.2 then '+1646' || lpad(s.i::text, 7, '0') end,
      case when st.stage = 'active' then '+1415' || lpad(s.i::text, 7, '0') end,
      (case when st.stage in ('pending', 'expired') then 'invited' else st.stage end)::account_status,
      t.invited,
      t.invited + interval '30 days',
      case when st.stage = 'active' then t.invited + interval '1 hour' * (1 + s.r_time * 72) end,
      coalesce(t.invited, now() - interval '1 day' * (1 + s.r_time * 400)) - interval '1 day',
      now()
    from bench_src s
    join bench_orgs o on s.r_org >= o.lo and s.r_org < o.hi
    cross join lateral (select
      case when s.r_status < 0.20 then 'not_invited' when s.r_status < 0.45 then 'pending'
           when s.r_status < 0.55 then 'expired' else 'active' end as stage) st
    cross join lateral (select
      case st.stage when 'pending' then now() - interval '1 day' * (s.r_time * 25)
                    when 'expired' then now() - interval '1 day' * (31 + s.r_time * 300)
                    when 'active' then now() - interval '1 day' * (3 + s.r_time * 700) end as invited) t
    cross join lateral (select
      (${pgArray(FIRST_NAMES)}::text[])[1 + floor(s.r_first * ${FIRST_NAMES.length}::int)::int] as given,
      case when s.r_last < 0.004 then ${RARE_LAST_NAME}::text
           else (${pgArray(LAST_NAMES)}::text[])[1 + floor(s.r_last * ${LAST_NAMES.length}::int)::int] end as family) n`);
}

/** An older, superseded invitation for a tenth of the invited accounts (a resend), then the current one. */
async function insertInvitations(tx: BenchDb): Promise<void> {
  const channel = sql`(case when ${accounts.email} is not null then 'email' else 'sms' end)::channel`;
  await tx.execute(sql`
    insert into ${invitations} (${columnList(
      invitations.accountId,
      invitations.channel,
      invitations.destination,
      invitations.passwordHash,
      invitations.tokenHash,
      invitations.expiresAt,
      invitations.supersededAt,
      invitations.deliveryState,
      invitations.deliveryUpdatedAt,
      invitations.createdAt,
    )})
    select ${accounts.id}, ${channel}, coalesce(${accounts.email}, ${accounts.deviceNumber}),
      md5('old-pw' || ${accounts.id}), 'bench_old_' || md5(${accounts.id}::text),
      ${accounts.invitedAt} - interval '1 day', ${accounts.invitedAt}, 'delivered',
      ${accounts.invitedAt} - interval '31 days', ${accounts.invitedAt} - interval '31 days'
    from ${accounts}
    where ${accounts.status} <> 'not_invited' and random() < 0.1
      and not exists (select 1 from ${invitations} where ${invitations.accountId} = ${accounts.id})`);
  await tx.execute(sql`
    insert into ${invitations} (${columnList(
      invitations.accountId,
      invitations.channel,
      invitations.destination,
      invitations.passwordHash,
      invitations.tokenHash,
      invitations.expiresAt,
      invitations.usedAt,
      invitations.deliveryState,
      invitations.deliveryUpdatedAt,
      invitations.createdAt,
    )})
    select ${accounts.id}, ${channel}, coalesce(${accounts.email}, ${accounts.deviceNumber}),
      md5('pw' || ${accounts.id}), 'bench_' || md5(${accounts.id}::text),
      ${accounts.invitationExpiresAt}, ${accounts.activatedAt},
      (case when ${accounts.status} = 'active' then 'delivered'
            else (array['delivered','delivered','delivered','delivered','delivered','delivered','delivered',
                        'sent','sent','queued','bounced','failed'])[1 + floor(random() * 12)::int] end)::delivery_state,
      ${accounts.invitedAt}, ${accounts.invitedAt}
    from ${accounts}
    where ${accounts.status} <> 'not_invited'
      and not exists (select 1 from ${invitations}
                      where ${invitations.accountId} = ${accounts.id} and ${invitations.supersededAt} is null)`);
}

/** `assignedNumbers` numbers assigned to random invited or active accounts, then `poolNumbers` unassigned. */
async function insertNumbers(
  tx: BenchDb,
  counts: { emeaId: string; assignedNumbers: number; poolNumbers: number },
): Promise<void> {
  await tx.execute(sql`
    insert into ${phoneNumbers} (${columnList(
      phoneNumbers.e164,
      phoneNumbers.organizationId,
      phoneNumbers.tag,
      phoneNumbers.accountId,
      phoneNumbers.assignedAt,
      phoneNumbers.createdAt,
    )})
    select '+1332' || lpad(c.n::text, 7, '0'), c."organizationId",
      case when c.n % 20 < 2 then 'VIP' when c.n % 20 = 2 then 'PORTED' end,
      c."id", coalesce(c."activatedAt", c."invitedAt"), c."createdAt"
    from (select ${accounts.id} as "id", ${accounts.organizationId} as "organizationId",
                 ${accounts.activatedAt} as "activatedAt", ${accounts.invitedAt} as "invitedAt",
                 ${accounts.createdAt} as "createdAt", row_number() over (order by random()) as n
          from ${accounts}
          where ${accounts.status} <> 'not_invited' and ${accounts.organizationId} <> ${counts.emeaId}::uuid
            and not exists (select 1 from ${phoneNumbers} where ${phoneNumbers.accountId} = ${accounts.id})) c
    where c.n <= ${counts.assignedNumbers}::int`);
  await tx.execute(sql`
    insert into ${phoneNumbers} (${columnList(phoneNumbers.e164, phoneNumbers.organizationId, phoneNumbers.tag)})
    select '+1332' || lpad((${counts.assignedNumbers}::int + k)::text, 7, '0'),
      (select array_agg(org order by org_code) from bench_orgs where org_code <> '2003')[1 + k % 4],
      case when k % 10 = 0 then 'VIP' end
    from generate_series(1, ${counts.poolNumbers}::int) as k`);
}

async function countLoaded(db: BenchDb) {
  const [totalAccounts, invitationCount, numbers, assignedNumbers] = await Promise.all([
    db.$count(accounts),
    db.$count(invitations),
    db.$count(phoneNumbers),
    db.$count(phoneNumbers, sql`${phoneNumbers.accountId} is not null`),
  ]);
  return { totalAccounts, invitations: invitationCount, numbers, assignedNumbers };
}
