import postgres from 'postgres';

/**
 * Bulk data for benchmarks, loaded with set-based SQL (generate_series) into a database that already
 * holds the demo tenants of docs/product.md#demo-data (lib/demo/seed-demo-data.ts). Deterministic for a
 * given seed and size.
 */

const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Christopher',
  'Lisa',
  'Daniel',
  'Nancy',
  'Matthew',
  'Betty',
  'Anthony',
  'Sandra',
  'Mark',
  'Margaret',
  'Donald',
  'Ashley',
  'Steven',
  'Kimberly',
  'Andrew',
  'Emily',
  'Paul',
  'Donna',
  'Joshua',
  'Michelle',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Gomez',
  'Phillips',
  'Evans',
  'Turner',
  'Diaz',
  'Parker',
  'Cruz',
  'Edwards',
  'Collins',
  'Reyes',
];
/** A rarer last name (0.4 % of the accounts), so a search for it matches a few hundred. */
export const RARE_LAST_NAME = 'Whitfield';

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

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (values: string[]) => `array[${values.map(lit).join(',')}]::text[]`;

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
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const orgs = await sql<{ id: string; code: string; group_id: string; domain: string }[]>`
      select o.id, o.code, g.id as group_id, case when o.tenant_id = o.id then lower(replace(o.name, ' ', '')) else
        (select lower(replace(r.name, ' ', '')) from organizations r where r.id = o.tenant_id) end || '.example' as domain
      from organizations o join permission_groups g on g.organization_id = o.id and g.is_default
      where o.code in ('2000', '2001', '2002', '2003', '3000')`;
    if (orgs.length !== 5)
      throw new Error(`Expected the 5 demo organizations, found ${orgs.length}: seed the demo data first`);
    let lo = 0;
    const orgRows = orgs
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((o) => {
        const hi = o.code === '3000' ? 1.0001 : lo + ORG_SHARES[o.code]!;
        const row = `(${lit(o.id)}::uuid, ${lit(o.group_id)}::uuid, ${lit(o.code)}, ${lit(o.domain)}, ${lo}, ${hi})`;
        lo = hi;
        return row;
      });
    const emeaId = orgs.find((o) => o.code === '2003')!.id;
    const [existing] = await sql<{ n: number }[]>`select count(*)::int as n from accounts`;
    const generated = Math.max(0, options.totalAccounts - existing!.n);

    await sql.begin(async (tx) => {
      await tx`select setseed(${options.seed ?? 0.42})`;
      await tx.unsafe(`
        create temp table bench_orgs (org_id uuid, group_id uuid, code text, domain text, lo float8, hi float8) on commit drop;
        insert into bench_orgs values ${orgRows.join(',\n')};
        create temp table bench_src on commit drop as
          select i, random() as r_org, random() as r_status, random() as r_time, random() as r_contact,
                 random() as r_first, random() as r_last
          from generate_series(1, ${generated}) as i;`);
      await tx.unsafe(`
        insert into accounts (organization_id, permission_group_id, first_name, last_name, email, device_number,
          personal_phone, status, invited_at, invitation_expires_at, activated_at, created_at, updated_at)
        select o.org_id, o.group_id, n.first_name, n.last_name,
          case when s.r_contact >= 0.08 then lower(n.first_name || '.' || n.last_name || '.' || s.i || '@' || o.domain) end,
          case when s.r_contact < 0.2 then '+1646' || lpad(s.i::text, 7, '0') end,
          case when st.state = 'active' then '+1415' || lpad(s.i::text, 7, '0') end,
          (case when st.state in ('pending', 'expired') then 'invited' else st.state end)::account_status,
          t.invited_at,
          t.invited_at + interval '30 days',
          case when st.state = 'active' then t.invited_at + interval '1 hour' * (1 + s.r_time * 72) end,
          coalesce(t.invited_at, now() - interval '1 day' * (1 + s.r_time * 400)) - interval '1 day',
          now()
        from bench_src s
        join bench_orgs o on s.r_org >= o.lo and s.r_org < o.hi
        cross join lateral (select
          case when s.r_status < 0.20 then 'not_invited' when s.r_status < 0.45 then 'pending'
               when s.r_status < 0.55 then 'expired' else 'active' end as state) st
        cross join lateral (select
          case st.state when 'pending' then now() - interval '1 day' * (s.r_time * 25)
                        when 'expired' then now() - interval '1 day' * (31 + s.r_time * 300)
                        when 'active' then now() - interval '1 day' * (3 + s.r_time * 700) end as invited_at) t
        cross join lateral (select
          (${textArray(FIRST_NAMES)})[1 + floor(s.r_first * ${FIRST_NAMES.length})::int] as first_name,
          case when s.r_last < 0.004 then ${lit(RARE_LAST_NAME)}
               else (${textArray(LAST_NAMES)})[1 + floor(s.r_last * ${LAST_NAMES.length})::int] end as last_name) n`);

      // An older, superseded invitation for a tenth of the invited accounts (a resend), then the current one.
      await tx.unsafe(`
        insert into invitations (account_id, channel, destination, password_hash, token_hash, expires_at,
          superseded_at, delivery_state, delivery_updated_at, created_at)
        select a.id, (case when a.email is not null then 'email' else 'sms' end)::channel,
          coalesce(a.email, a.device_number), md5('old-pw' || a.id), 'bench_old_' || md5(a.id::text),
          a.invited_at - interval '1 day', a.invited_at, 'delivered', a.invited_at - interval '31 days',
          a.invited_at - interval '31 days'
        from accounts a
        where a.status <> 'not_invited' and random() < 0.1
          and not exists (select 1 from invitations i where i.account_id = a.id);
        insert into invitations (account_id, channel, destination, password_hash, token_hash, expires_at,
          used_at, delivery_state, delivery_updated_at, created_at)
        select a.id, (case when a.email is not null then 'email' else 'sms' end)::channel,
          coalesce(a.email, a.device_number), md5('pw' || a.id), 'bench_' || md5(a.id::text),
          a.invitation_expires_at, a.activated_at,
          (case when a.status = 'active' then 'delivered'
                else (array['delivered','delivered','delivered','delivered','delivered','delivered','delivered',
                            'sent','sent','queued','bounced','failed'])[1 + floor(random() * 12)::int] end)::delivery_state,
          a.invited_at, a.invited_at
        from accounts a
        where a.status <> 'not_invited'
          and not exists (select 1 from invitations i where i.account_id = a.id and i.superseded_at is null);`);

      await tx.unsafe(`
        insert into phone_numbers (e164, organization_id, tag, account_id, assigned_at, created_at)
        select '+1332' || lpad(c.n::text, 7, '0'), c.organization_id,
          case when c.n % 20 < 2 then 'VIP' when c.n % 20 = 2 then 'PORTED' end,
          c.id, coalesce(c.activated_at, c.invited_at), c.created_at
        from (select a.id, a.organization_id, a.activated_at, a.invited_at, a.created_at,
                     row_number() over (order by random()) as n
              from accounts a
              where a.status <> 'not_invited' and a.organization_id <> ${lit(emeaId)}::uuid
                and not exists (select 1 from phone_numbers p where p.account_id = a.id)) c
        where c.n <= ${assignedNumbers};
        insert into phone_numbers (e164, organization_id, tag)
        select '+1332' || lpad((${assignedNumbers} + k)::text, 7, '0'),
          (select array_agg(org_id order by code) from bench_orgs where code <> '2003')[1 + k % 4],
          case when k % 10 = 0 then 'VIP' end
        from generate_series(1, ${poolNumbers}) as k;`);
    });
    await sql.unsafe('vacuum analyze');

    const [counts] = await sql<{ accounts: number; invitations: number; numbers: number; assigned: number }[]>`
      select (select count(*)::int from accounts) as accounts,
             (select count(*)::int from invitations) as invitations,
             (select count(*)::int from phone_numbers) as numbers,
             (select count(account_id)::int from phone_numbers) as assigned`;
    return {
      generated,
      totalAccounts: counts!.accounts,
      invitations: counts!.invitations,
      numbers: counts!.numbers,
      assignedNumbers: counts!.assigned,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
