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
import { type LoadedAccounts, loadAccounts } from './lib/accounts-data';
import { accountsPages, type PageKind, timedPage } from './lib/accounts-pages';
import { guardProcess, onCleanup, runCleanup } from './lib/cleanup';
import { type BenchDatabase, benchServerUrl, createBenchDatabase, serverVersion } from './lib/database';
import { distDir, ensureBuild, findFreePort, projectRoot, type RunningServer, startServer } from './lib/server';
import { signIn } from './lib/session';
import { formatTable, ms, summarize } from './lib/stats';

const NAME = 'bench:accounts';
const TOTAL_ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP ?? 10);
const BENCH_AUTH_SECRET = 'bench-auth-secret-not-for-production-0000000000';
const OWNER = { email: 'owner@acme.test', password: 'multiline-demo', name: 'Olivia Owner' };
const numberFormat = new Intl.NumberFormat('en-US');

/** A database of its own, migrated, seeded with the demo tenants, and loaded with the accounts. */
async function prepareDatabase(serverUrl: string): Promise<{ database: BenchDatabase; loaded: LoadedAccounts }> {
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
  return { database, loaded };
}

/**
 * Warm-up (JIT, the server's connection pool, Postgres' caches), then the measured rounds: each page
 * request is followed by a floor request, so noise hits both alike.
 */
async function measure(
  server: RunningServer,
  pages: PageKind[],
  floor: PageKind,
): Promise<{ times: Map<PageKind, number[]>; seconds: number }> {
  const cookie = (await signIn(server.baseUrl, OWNER.email, OWNER.password)).header();
  const times = new Map<PageKind, number[]>([...pages, floor].map((k) => [k, []]));
  const started = performance.now();
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    for (let i = 0; i < pages.length; i++) {
      const kind = pages[(i + Math.max(round, 0)) % pages.length]!; // rotate the order between rounds
      const a = await timedPage(server, cookie, kind);
      const b = await timedPage(server, cookie, floor);
      if (round >= 0) {
        times.get(kind)!.push(a);
        times.get(floor)!.push(b);
      }
    }
  }
  return { times, seconds: (performance.now() - started) / 1000 };
}

/** The table of figures, then as the last line one JSON object. */
function report(run: {
  loaded: LoadedAccounts;
  pages: PageKind[];
  floor: PageKind;
  times: Map<PageKind, number[]>;
  seconds: number;
  version: string;
  dir: string;
}): void {
  const { loaded, pages, floor, times } = run;
  const pageSummary = summarize(pages.flatMap((k) => times.get(k)!));
  const floorSummary = summarize(times.get(floor)!);
  const rows: (string | number)[][] = [['request', 'n', 'p50 ms', 'p95 ms', 'min ms', 'max ms', 'matches']];
  for (const [kind, values] of times) {
    const s = summarize(values);
    const matches = /of ([\d,]+) accounts/.exec(kind.expect[0]!)?.[1] ?? '';
    rows.push([kind.name, s.n, ms(s.p50), ms(s.p95), ms(s.min), ms(s.max), matches]);
  }
  const p = pageSummary;
  rows.push(['all Accounts pages', p.n, ms(p.p50), ms(p.p95), ms(p.min), ms(p.max), '']);
  console.log(
    `Accounts page at ${numberFormat.format(loaded.totalAccounts)} accounts ` +
      `(${os.cpus().length} CPUs, Node ${process.version}, ${run.version}, build ${run.dir}/; ` +
      `${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up, ${run.seconds.toFixed(0)} s)`,
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

    const { database, loaded } = await prepareDatabase(serverUrl);
    const { pages, floor } = await accountsPages(database.url, OWNER);

    const port = await findFreePort(Number(process.env.BENCH_PORT ?? 3300));
    const server = await startServer({
      port,
      logFile: path.join(dataDir, 'server.log'),
      env: {
        DATABASE_URL: database.url,
        SEED_DEMO_DATA: '0',
        AUTH_SECRET: BENCH_AUTH_SECRET,
        // A deployment (DATABASE_URL is set) refuses to start without its address and an email
        // provider; the benchmark sends no email, so the development mailbox stands in.
        APP_URL: `http://127.0.0.1:${port}`,
        DEV_MAILBOX: '1',
        DATA_DIR: dataDir,
        PORT: String(port),
      },
    });
    console.error(`[bench] next start on ${server.baseUrl}`);
    const { times, seconds } = await measure(server, pages, floor);

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
    report({ loaded, pages, floor, times, seconds, version, dir });
  } catch (error) {
    console.error(`[${NAME}] failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  } finally {
    await runCleanup();
    cancelTimeLimit();
  }
}

await main();
