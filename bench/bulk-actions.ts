/**
 * `npm run bench:bulk-actions` — docs/product.md#quality-targets: Resend Invite and Move of 1,000
 * selected accounts, each as a ratio to one raw `UPDATE` of the same 1,000 rows, measured in the same
 * run (target ≤ 10).
 *
 * Creates `ml_bench_bulk_<random>` on the Postgres of DATABASE_URL (default the local one), migrates
 * it, seeds the demo tenants and BENCH_BACKGROUND accounts around them (bench/lib/accounts-data.ts),
 * then two organizations of its own under Acme Corp: "Bench Source" with the BENCH_ACCOUNTS selected
 * accounts (a quarter each Active with a number, Pending with a number, Pending without one, Not
 * invited; the Pending ones invited ten days ago, so Resend's one-minute skip does not apply) and
 * "Bench Destination" with enough available numbers for the unnumbered ones.
 *
 * Each round, as the Acme owner and through the same functions the server actions call:
 *   resend  resendAccountInvitations on the selection (new invitations, earlier ones superseded,
 *           1,000 messages queued), then, untimed, the invitations are dated back two minutes so
 *           the next round is not skipped as a double click;
 *   move    moveAccounts of the selection from Bench Source to Bench Destination (headroom checked
 *           with the destination locked, the accounts and their numbers moved, the audit event);
 *   raw     the floor: ONE `UPDATE accounts SET organization_id, permission_group_id, updated_at`
 *           (the columns the move changes) of the same rows, back to Bench Source; then, untimed,
 *           their numbers go back too.
 * Medians over BENCH_ROUNDS rounds after BENCH_WARMUP. Prints a table, then as the last line one
 * JSON object. Always drops the database.
 *
 * Knobs: BENCH_ACCOUNTS (1000), BENCH_BACKGROUND (20000), BENCH_ROUNDS (9), BENCH_WARMUP (2),
 * BENCH_TIME_LIMIT_S (600).
 */
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadAccounts } from './lib/accounts-data';
import { guardProcess, onCleanup, runCleanup } from './lib/cleanup';
import { benchServerUrl, createBenchDatabase, serverVersion } from './lib/database';
import { formatTable, ms, percentile } from './lib/stats';

const NAME = 'bench:bulk-actions';
const SELECTED = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_S ?? 600) * 1000;
const BENCH_AUTH_SECRET = 'bench-auth-secret-not-for-production-0000000000';
const META = { ipAddress: '127.0.0.1', userAgent: NAME };
const numberFormat = new Intl.NumberFormat('en-US');

async function main() {
  const cancelTimeLimit = guardProcess({ timeLimitMs: TIME_LIMIT_MS, name: NAME });
  if (SELECTED < 4 || SELECTED % 4 !== 0) throw new Error('BENCH_ACCOUNTS must be a multiple of 4');
  const serverUrl = benchServerUrl();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ml-bench-bulk-'));
  onCleanup('remove the temporary data folder', () => rmSync(dataDir, { recursive: true, force: true }));
  // Invitation secrets are keyed from AUTH_SECRET; set before lib/env.ts first reads it.
  process.env.AUTH_SECRET = BENCH_AUTH_SECRET;
  process.env.DATA_DIR = dataDir;

  const { migrateDatabase, openDatabase, queryRows } = await import('@/db/client');
  const { pgArray } = await import('@/db/sql-helpers');
  const { seedDemoData } = await import('@/lib/demo/seed-demo-data');
  const { loadAdminScope } = await import('@/lib/auth/scope');
  const { moveAccounts } = await import('@/lib/accounts/move-accounts');
  const { moveAccountsSchema } = await import('@/lib/accounts/move-accounts-schema');
  const { resendAccountInvitations } = await import('@/lib/invitations/resend-account-invitations');

  const database = await createBenchDatabase(serverUrl, 'ml_bench_bulk');
  console.error(`[bench] database ${database.name} on ${new URL(serverUrl).host}`);
  const handle = await openDatabase({ url: database.url, poolMax: 4 });
  onCleanup('close database', () => handle.close());
  const db = handle.db;
  await migrateDatabase(handle, database.url);
  await seedDemoData(db);
  if (BACKGROUND > 0) {
    const loaded = await loadAccounts(database.url, { totalAccounts: BACKGROUND });
    console.error(
      `[bench] ${numberFormat.format(loaded.totalAccounts)} background accounts in ${loaded.seconds.toFixed(1)} s`,
    );
  }

  // Bench Source (the selection) and Bench Destination, under Acme Corp.
  const [setup] = await queryRows<{ source: string; destination: string }>(
    db,
    sql`with root as (select id, path from organizations where code = '2000' and parent_id is null),
        orgs as (
          insert into organizations (id, tenant_id, parent_id, code, name, path, depth)
          select v.id, root.id, root.id, v.code, v.name, root.path || v.id || '/', 1
          from root, (select gen_random_uuid() as id, code, name
                      from (values ('2901', 'Bench Source'), ('2902', 'Bench Destination')) as x(code, name)) v
          returning id, code)
        select (select id from orgs where code = '2901') as source, (select id from orgs where code = '2902') as destination`,
  );
  const sourceId = setup!.source;
  const destinationId = setup!.destination;
  const [groups] = await queryRows<{ source_group: string; dest_group: string }>(
    db,
    sql`with g as (
          insert into permission_groups (organization_id, name, is_default)
          values (${sourceId}, 'default cos for org 2901', true), (${destinationId}, 'default cos for org 2902', true)
          returning id, organization_id)
        select (select id from g where organization_id = ${sourceId}) as source_group,
               (select id from g where organization_id = ${destinationId}) as dest_group`,
  );
  const sourceGroup = groups!.source_group;
  const destinationGroup = groups!.dest_group;

  // i % 4: 0 Active with a number, 1 Pending with a number, 2 Pending without, 3 Not invited.
  await db.execute(sql`
    insert into accounts (organization_id, permission_group_id, first_name, last_name, email, personal_phone,
      status, invited_at, invitation_expires_at, activated_at)
    select ${sourceId}, ${sourceGroup}, 'Bulk', 'User ' || i, 'bulk.user' || i || '@bench.test',
      case when i % 4 = 0 then '+1415' || lpad(i::text, 7, '0') end,
      (case when i % 4 = 0 then 'active' when i % 4 = 3 then 'not_invited' else 'invited' end)::account_status,
      case when i % 4 <> 3 then now() - interval '10 days' end,
      case when i % 4 <> 3 then now() + interval '20 days' end,
      case when i % 4 = 0 then now() - interval '9 days' end
    from generate_series(1, ${SELECTED}) as i`);
  await db.execute(sql`
    insert into invitations (account_id, channel, destination, password_hash, token_hash, expires_at,
      delivery_state, created_at)
    select id, 'email', email, md5('pw' || id), 'bench_bulk_' || md5(id::text), invitation_expires_at,
      'delivered', invited_at
    from accounts where organization_id = ${sourceId} and status <> 'not_invited'`);
  // Half of the selection has numbers; the source keeps as many spare, the destination enough for the rest.
  await db.execute(sql`
    insert into phone_numbers (e164, organization_id, account_id, assigned_at)
    select '+1339' || lpad(row_number() over (order by id)::text, 7, '0'), ${sourceId}, id, now()
    from accounts
    where organization_id = ${sourceId} and split_part(last_name, ' ', 2)::int % 4 in (0, 1)`);
  await db.execute(sql`
    insert into phone_numbers (e164, organization_id)
    select '+1340' || lpad(k::text, 7, '0'), case when k <= ${SELECTED / 2} then ${sourceId}::uuid else ${destinationId}::uuid end
    from generate_series(1, ${SELECTED / 2 + SELECTED}) as k`);
  await db.execute(sql`analyze`);

  const ids = (
    await queryRows<{ id: string }>(db, sql`select id from accounts where organization_id = ${sourceId} order by id`)
  ).map((r) => r.id);
  const [shape] = await queryRows<{ numbered: number; units: number }>(
    db,
    sql`select count(*) filter (where exists (select 1 from phone_numbers n where n.account_id = a.id))::int as numbered,
               count(*) filter (where a.status <> 'active'
                 and not exists (select 1 from phone_numbers n where n.account_id = a.id))::int as units
        from accounts a where a.organization_id = ${sourceId}`,
  );
  if (ids.length !== SELECTED || shape!.numbered !== SELECTED / 2 || shape!.units !== SELECTED / 2) {
    throw new Error(`Unexpected selection: ${ids.length} accounts, ${JSON.stringify(shape)}`);
  }
  const owner = await loadAdminScope(db, { email: 'owner@acme.test' });
  if (!owner) throw new Error('The Acme owner is missing');
  const idArray = sql`${pgArray(ids)}::uuid[]`;
  const moveInput = moveAccountsSchema.parse({
    ids,
    organizationId: destinationId,
    permissionGroupId: destinationGroup,
  });

  const timed = async <T>(run: () => Promise<T>): Promise<[number, T]> => {
    const start = performance.now();
    const value = await run();
    return [performance.now() - start, value];
  };
  const figures = { resend: [] as number[], move: [] as number[], raw: [] as number[] };
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const [resendMs, resent] = await timed(() =>
      resendAccountInvitations(db, owner, META, ids, { baseUrl: 'https://portal.example' }),
    );
    if (resent.sent !== SELECTED) throw new Error(`Resend sent ${resent.sent} of ${SELECTED}`);
    await db.execute(
      sql`update accounts set invited_at = invited_at - interval '2 minutes' where id = any(${idArray})`,
    );

    const [moveMs, moved] = await timed(() => moveAccounts(db, owner, META, moveInput));
    if (moved.moved !== SELECTED || moved.numbersMoved !== SELECTED / 2) {
      throw new Error(`Move moved ${moved.moved} accounts and ${moved.numbersMoved} numbers`);
    }

    const [rawMs] = await timed(() =>
      db.execute(sql`update accounts set organization_id = ${sourceId}, permission_group_id = ${sourceGroup},
                       updated_at = now() where id = any(${idArray})`),
    );
    await db.execute(sql`update phone_numbers set organization_id = ${sourceId} where account_id = any(${idArray})`);

    if (round >= WARMUP) {
      figures.resend.push(resendMs);
      figures.move.push(moveMs);
      figures.raw.push(rawMs);
    }
    console.error(
      `[bench] round ${round + 1}${round < WARMUP ? ' (warm-up)' : ''}: resend ${ms(resendMs)} ms, ` +
        `move ${ms(moveMs)} ms, raw UPDATE ${ms(rawMs)} ms`,
    );
  }

  const p50 = (values: number[]) => percentile(values, 50);
  const resend = p50(figures.resend);
  const move = p50(figures.move);
  const raw = p50(figures.raw);
  const row = (name: string, values: number[]) => [
    name,
    ms(p50(values)),
    ms(Math.min(...values)),
    ms(Math.max(...values)),
    Math.round((p50(values) / raw) * 100) / 100,
  ];
  console.log(
    formatTable([
      ['figure', 'p50 ms', 'min ms', 'max ms', '÷ raw'],
      row(`Resend Invite × ${SELECTED}`, figures.resend),
      row(`Move × ${SELECTED}`, figures.move),
      row(`raw UPDATE × ${SELECTED} (floor)`, figures.raw),
    ]),
  );
  console.log(
    [
      `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`,
      `database: ${await serverVersion(database.url)}, ${numberFormat.format(SELECTED + BACKGROUND)} accounts`,
      `rounds: ${ROUNDS} (after ${WARMUP} warm-up)`,
    ].join('\n'),
  );
  const result = {
    accounts: SELECTED,
    resend_ms: ms(resend),
    move_ms: ms(move),
    raw_update_ms: ms(raw),
    ratio: Math.round((Math.max(resend, move) / raw) * 100) / 100,
  };
  await runCleanup();
  cancelTimeLimit();
  console.log(JSON.stringify(result));
}

main().catch(async (error) => {
  console.error(`[${NAME}]`, error instanceof Error ? (error.stack ?? error.message) : error);
  await runCleanup();
  process.exit(1);
});
