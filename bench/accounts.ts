/**
 * `npm run bench:accounts` — docs/product.md#quality-targets: the Accounts page at 100,000 accounts,
 * p50 as a ratio to the p50 of a minimal signed-in page (/profile) of the same app, measured in the
 * same run.
 *
 * Creates its own database on the Postgres of DATABASE_URL (default the local one), migrates and
 * seeds it, loads the accounts with generate_series, serves the production build in NEXT_DIST_DIR
 * (default .next; built first when it has no BUILD_ID) with `next start` on 127.0.0.1, signs in as
 * the Acme owner and requests each kind of Accounts page and the floor, interleaved. Prints a table,
 * then as the last line one JSON object. Always stops the server and drops the database.
 *
 * Knobs: BENCH_ACCOUNTS (100000), BENCH_ROUNDS (60), BENCH_WARMUP (10), BENCH_PORT (3300, the first
 * free port from there), BENCH_TIME_LIMIT_S (1200), BENCH_REBUILD=1 (build even if a build exists),
 * BENCH_KEEP_DB=1 (keep the database after a successful run, to EXPLAIN its queries).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { loadAccounts, RARE_LAST_NAME } from './lib/accounts-data';
import { guardProcess, onCleanup, runCleanup } from './lib/cleanup';
import { benchServerUrl, createBenchDatabase, serverVersion } from './lib/database';
import { timedGet, visibleText } from './lib/http';
import { distDir, ensureBuild, findFreePort, projectRoot, startServer } from './lib/server';
import { signIn } from './lib/session';
import { formatTable, ms, summarize } from './lib/stats';

const NAME = 'bench:accounts';
const TOTAL_ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP ?? 10);
const BENCH_AUTH_SECRET = 'bench-auth-secret-not-for-production-0000000000';
const OWNER = { email: 'owner@acme.test', password: 'multiline-demo', name: 'Olivia Owner' };
const numberFormat = new Intl.NumberFormat('en-US');

interface Kind {
  name: string;
  path: string;
  /** Text the page must contain, so a broken or empty page cannot produce a fast figure. */
  expect: string[];
}

/** The counts the pages must show, computed here with SQL of our own (not the app's query). */
async function expectedCounts(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<
      {
        acme_id: string;
        sales_id: string;
        total: number;
        search: number;
        pending: number;
        sales: number;
        vip: number;
      }[]
    >`
      with acme as (select id from organizations where code = '2000' and parent_id is null),
           sales as (select o.id, o.path from organizations o, acme where o.tenant_id = acme.id and o.code = '2001'),
           scoped as (select a.* from accounts a join organizations o on o.id = a.organization_id, acme where o.tenant_id = acme.id)
      select (select id from acme) as acme_id, (select id from sales) as sales_id,
        (select count(*)::int from scoped) as total,
        (select count(*)::int from scoped where search_text like ${`%${RARE_LAST_NAME.toLowerCase()}%`}) as search,
        (select count(*)::int from scoped where status = 'invited' and invitation_expires_at >= now()) as pending,
        (select count(*)::int from scoped s join organizations o on o.id = s.organization_id, sales
          where o.path like sales.path || '%') as sales,
        (select count(*)::int from scoped where id in (select account_id from phone_numbers where tag = 'VIP')) as vip`;
    return row!;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function showing(total: number): string {
  return `Showing 1–${numberFormat.format(Math.min(50, total))} of ${numberFormat.format(total)} accounts`;
}

async function main() {
  const cancelTimeLimit = guardProcess({
    name: NAME,
    timeLimitMs: Number(process.env.BENCH_TIME_LIMIT_S ?? 1200) * 1000,
  });
  try {
    process.chdir(projectRoot); // db/client.ts finds its migrations from the working directory
    const serverUrl = benchServerUrl();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ml-bench-'));
    onCleanup('remove the temporary data folder', () => rmSync(dataDir, { recursive: true, force: true }));
    // The seed hashes invitation secrets with AUTH_SECRET; set before lib/env.ts first reads it.
    process.env.AUTH_SECRET = BENCH_AUTH_SECRET;
    process.env.DATA_DIR = dataDir;

    const dir = distDir();
    const build = await ensureBuild(dir, { force: process.env.BENCH_REBUILD === '1' });
    console.error(`[bench] build ${dir}/ (${build.buildId})${build.built ? ', just built' : ''}`);

    const database = await createBenchDatabase(serverUrl, 'ml_bench');
    console.error(`[bench] database ${database.name} on ${new URL(serverUrl).host}`);
    const { openDatabase, migrateDatabase } = await import('@/db/client');
    const { seedDemoData } = await import('@/lib/demo/seed-demo-data');
    const handle = await openDatabase({ url: database.url, poolMax: 2 });
    try {
      await migrateDatabase(handle, database.url);
      await seedDemoData(handle.db);
    } finally {
      await handle.close();
    }
    const loaded = await loadAccounts(database.url, { totalAccounts: TOTAL_ACCOUNTS });
    console.error(
      `[bench] loaded ${numberFormat.format(loaded.generated)} accounts in ${loaded.seconds.toFixed(1)} s: ` +
        `${numberFormat.format(loaded.totalAccounts)} accounts, ${numberFormat.format(loaded.invitations)} invitations, ` +
        `${numberFormat.format(loaded.numbers)} numbers (${numberFormat.format(loaded.assignedNumbers)} assigned)`,
    );
    const expected = await expectedCounts(database.url);

    const port = await findFreePort(Number(process.env.BENCH_PORT ?? 3300));
    const server = await startServer({
      port,
      logFile: path.join(dataDir, 'server.log'),
      env: {
        DATABASE_URL: database.url,
        SEED_DEMO_DATA: '0',
        AUTH_SECRET: BENCH_AUTH_SECRET,
        DATA_DIR: dataDir,
        PORT: String(port),
      },
    });
    console.error(`[bench] next start on ${server.baseUrl}`);
    const jar = await signIn(server.baseUrl, OWNER.email, OWNER.password);
    const cookie = jar.header();

    const pages: Kind[] = [
      { name: 'first page', path: '/accounts', expect: [showing(expected.total)] },
      {
        name: `search "${RARE_LAST_NAME.toLowerCase()}"`,
        path: `/accounts?q=${RARE_LAST_NAME.toLowerCase()}`,
        expect: [showing(expected.search)],
      },
      { name: 'status=pending', path: '/accounts?status=pending', expect: [showing(expected.pending)] },
      { name: 'org=Sales', path: `/accounts?org=${expected.sales_id}`, expect: [showing(expected.sales)] },
      { name: 'tag=VIP', path: '/accounts?tag=VIP', expect: [showing(expected.vip)] },
    ];
    for (const kind of pages) kind.expect.push(OWNER.name, 'User Permissions');
    const floor: Kind = {
      name: 'floor /profile',
      path: '/profile',
      expect: ['Your profile', OWNER.email, OWNER.name],
    };

    const request = async (kind: Kind): Promise<number> => {
      const res = await timedGet(`${server.baseUrl}${kind.path}`, cookie);
      if (res.status !== 200) {
        throw new Error(
          `${kind.path} answered ${res.status}${res.location ? ` → ${res.location}` : ''}\n${server.logTail()}`,
        );
      }
      const text = visibleText(res.body);
      const missing = kind.expect.filter((e) => !text.includes(e));
      if (missing.length > 0) {
        const found = /Showing [^a-z]*? of [\d,]+ accounts?/.exec(text)?.[0] ?? '(no "Showing" line)';
        throw new Error(
          `${kind.path} does not contain ${missing.map((m) => JSON.stringify(m)).join(', ')}; it says ${found}`,
        );
      }
      return res.ms;
    };

    // Warm-up (JIT, the server's connection pool, Postgres' caches), then the measured rounds:
    // each page request is followed by a floor request, so noise hits both alike.
    const times = new Map<Kind, number[]>([...pages, floor].map((k) => [k, []]));
    const started = performance.now();
    for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
      for (let i = 0; i < pages.length; i++) {
        const kind = pages[(i + Math.max(round, 0)) % pages.length]!; // rotate the order between rounds
        const a = await request(kind);
        const b = await request(floor);
        if (round >= 0) {
          times.get(kind)!.push(a);
          times.get(floor)!.push(b);
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;

    const stopping = performance.now();
    await server.stop();
    console.error(`[bench] server stopped in ${((performance.now() - stopping) / 1000).toFixed(1)} s`);
    const version = await serverVersion(serverUrl);
    if (process.env.BENCH_KEEP_DB === '1') {
      database.keep();
      console.error(`[bench] BENCH_KEEP_DB=1: kept ${database.url} (drop it when done)`);
    } else {
      await database.drop();
    }

    const all = pages.flatMap((k) => times.get(k)!);
    const pageSummary = summarize(all);
    const floorSummary = summarize(times.get(floor)!);
    const rows: (string | number)[][] = [['request', 'n', 'p50 ms', 'p95 ms', 'min ms', 'max ms', 'matches']];
    for (const [kind, values] of times) {
      const s = summarize(values);
      const matches = /of ([\d,]+) accounts/.exec(kind.expect[0]!)?.[1] ?? '';
      rows.push([kind.name, s.n, ms(s.p50), ms(s.p95), ms(s.min), ms(s.max), matches]);
    }
    rows.push([
      'all Accounts pages',
      pageSummary.n,
      ms(pageSummary.p50),
      ms(pageSummary.p95),
      ms(pageSummary.min),
      ms(pageSummary.max),
      '',
    ]);
    console.log(
      `Accounts page at ${numberFormat.format(loaded.totalAccounts)} accounts ` +
        `(${os.cpus().length} CPUs, Node ${process.version}, ${version}, build ${dir}/; ` +
        `${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up, ${seconds.toFixed(0)} s)`,
    );
    console.log(formatTable(rows));
    const ratio = pageSummary.p50 / floorSummary.p50;
    console.log(`ratio p50 ${ratio.toFixed(2)} (target ≤ 2), page p95 ${ms(pageSummary.p95)} ms (guide ≲ 150 ms)`);
    console.log(
      JSON.stringify({
        accounts: loaded.totalAccounts,
        page_p50_ms: ms(pageSummary.p50),
        page_p95_ms: ms(pageSummary.p95),
        floor_p50_ms: ms(floorSummary.p50),
        ratio: Math.round(ratio * 100) / 100,
      }),
    );
  } catch (error) {
    console.error(`[${NAME}] failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  } finally {
    await runCleanup();
    cancelTimeLimit();
  }
}

await main();
