/**
 * `npm run bench:import` — docs/product.md#quality-targets: a 50,000-row CSV imported through the app's own
 * path (parse, validate, stage in chunks, preview, commit with the invitations queued:
 * lib/import/import-file.ts, the same functions the Multiple Accounts dialog's actions call), divided by the
 * floor: the same final rows (accounts, invitations, outbox messages) loaded with COPY into the same tables,
 * with the same indexes and triggers, in a second database prepared identically (the server reads them from
 * files it wrote itself: the fastest load Postgres has, so a strict floor). Also the peak RSS of this
 * process: each round's import runs in a fresh Node process of its own.
 *
 * Each round uses two fresh databases `ml_bench_import_<random>` on the Postgres of DATABASE_URL
 * (default the local one), migrated, seeded with the demo tenants, and given enough numbers in Acme
 * Corp for the import's headroom. Prints figures, then as the last line one JSON object.
 *
 * Knobs: BENCH_ROWS (50000), BENCH_ROUNDS (3), BENCH_TIME_LIMIT_S (900).
 */
import os from 'node:os';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { and, eq, sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '@/db/client';
import { organizations, outboxMessages, permissionGroups, phoneNumbers } from '@/db/schema';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { loadAdminScope } from '@/lib/auth/scope';
import { importFile } from '@/lib/import/import-file';
import { guardProcess, onCleanup, runCleanup } from './lib/cleanup';
import { columnList } from './lib/bench-db';
import { copyRows, dumpImportedRows } from './lib/copy-floor';
import { benchServerUrl, cloneBenchDatabase, createBenchDatabase, serverVersion } from './lib/database';
import { formatTable, percentile } from './lib/stats';

const NAME = 'bench:import';
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_S ?? 900) * 1000;
process.env.AUTH_SECRET = 'bench-auth-secret-not-for-production-0000000000';
process.env.SEED_DEMO_DATA = '0';

const META = { ipAddress: '127.0.0.1', userAgent: NAME };

/** A realistic file: mostly email, some device numbers in national format, some both; UTF-8 names. */
function generateCsv(rows: number): Uint8Array {
  const lines = ['First Name,Last Name,Email,Device #'];
  const first = ['Ana', 'Björn', 'Chloé', 'Dev', 'Eun-ji', 'Farah', 'Günter', 'Hiro', 'Inés', 'Jamal'];
  const last = ['Okafor', 'Lindqvist', 'Martin', 'Patel', 'Kim', 'Haddad', 'Schäfer', 'Tanaka', 'Núñez', 'Wright'];
  for (let i = 0; i < rows; i++) {
    const f = first[i % first.length]!;
    const l = `"${last[(i * 7) % last.length]!}, ${i}"`; // a quoted field with the delimiter in it
    const email = i % 5 === 4 ? '' : `bench.user${i}@example.test`;
    const device =
      i % 5 >= 3
        ? `(646) ${String(200 + Math.floor(i / 10_000)).padStart(3, '0')}-${String(i % 10_000).padStart(4, '0')}`
        : '';
    lines.push(`${f},${l},${email},${device}`);
  }
  return new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`);
}

/**
 * A database migrated, seeded, and given numbers for the import's headroom; then a copy of it made
 * from it as a template, so the import and the floor start from identical databases (same ids).
 */
async function prepareDatabases() {
  const template = await createBenchDatabase(benchServerUrl(), 'ml_bench_import');
  const handle = await openDatabase({ url: template.url, poolMax: 2 });
  try {
    await migrateDatabase(handle, template.url);
    await seedDemoData(handle.db);
    const [acme] = await handle.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.code, '2000'));
    // Headroom for every row: the import assigns no numbers, each account reserves one.
    await handle.db.execute(sql`
      insert into ${phoneNumbers} (${columnList(phoneNumbers.e164, phoneNumbers.organizationId)})
      select '+1800' || lpad(i::text, 7, '0'), ${acme!.id} from generate_series(1, ${ROWS + 1000}) i`);
    await handle.db.execute(sql`analyze`);
  } finally {
    await handle.close();
  }
  const floor = await cloneBenchDatabase(benchServerUrl(), template.name, `${template.name}_floor`);
  return { target: await open(template), floor: await open(floor) };
}

async function open(database: { name: string; url: string; drop: () => Promise<void> }) {
  const handle = await openDatabase({ url: database.url, poolMax: 4 });
  const closeHandle = onCleanup(`close ${database.name}`, () => handle.close());
  const [acme] = await handle.db
    .select({ id: organizations.id, groupId: permissionGroups.id })
    .from(organizations)
    .innerJoin(
      permissionGroups,
      and(eq(permissionGroups.organizationId, organizations.id), eq(permissionGroups.isDefault, true)),
    )
    .where(eq(organizations.code, '2000'));
  return {
    database,
    db: handle.db,
    organizationId: acme!.id,
    groupId: acme!.groupId,
    close: async () => {
      closeHandle();
      await handle.close();
      await database.drop();
    },
  };
}

interface ChildResult {
  import_ms: number;
  peak_rss_mb: number;
  imported: number;
  skipped: number;
  timings: Record<string, number>;
}

/**
 * The import runs in a process of its own, as it would in a server, so that its peak RSS is its own:
 * not the benchmark's databases, earlier rounds, or the floor's COPY.
 */
async function runImportProcess(url: string, organizationId: string, groupId: string): Promise<ChildResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--child', url, organizationId, groupId],
    {
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  onCleanup('stop the import process', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the import process exited with ${code}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as ChildResult;
}

/** The child: parse, stage, preview and commit the generated file, then report. */
async function childMain(url: string, organizationId: string, groupId: string) {
  const bytes = generateCsv(ROWS);
  const handle = await openDatabase({ url, poolMax: 4 });
  try {
    const admin = await loadAdminScope(handle.db, { email: 'owner@acme.test' });
    if (!admin) throw new Error('The demo owner is missing');
    const start = performance.now();
    const { result, timings } = await importFile(
      handle.db,
      admin,
      META,
      { bytes, fileName: 'bench.csv', organizationId, permissionGroupId: groupId, country: 'US' },
      { baseUrl: 'https://portal.example' },
    );
    const importMs = performance.now() - start;
    const report: ChildResult = {
      import_ms: importMs,
      // The process's high-water mark: the generated file, the modules, and the import.
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
      imported: result!.imported,
      skipped: result!.skipped,
      timings,
    };
    console.log(JSON.stringify(report));
  } finally {
    await handle.close();
  }
}

async function main() {
  const cancelTimeLimit = guardProcess({ timeLimitMs: TIME_LIMIT_MS, name: NAME });
  const importMs: number[] = [];
  const copyMs: number[] = [];
  let peakRssMb = 0;
  let imported = 0;
  let skipped = 0;
  let version = '';

  for (let round = 0; round < ROUNDS; round++) {
    const { target, floor } = await prepareDatabases();
    version ||= await serverVersion(target.database.url);
    console.error(`round ${round + 1}: importing`);
    const child = await runImportProcess(target.database.url, target.organizationId, target.groupId);
    importMs.push(child.import_ms);
    console.error(
      `round ${round + 1}: ${Object.entries(child.timings)
        .map(([k, v]) => `${k} ${Math.round(v)} ms`)
        .join(', ')}; peak RSS ${Math.round(child.peak_rss_mb)} MB`,
    );
    peakRssMb = Math.max(peakRssMb, child.peak_rss_mb);
    imported = child.imported;
    skipped = child.skipped;

    console.error(`round ${round + 1}: imported ${imported}, skipped ${skipped}; dumping the rows`);
    const data = await dumpImportedRows(target.db, target.database.name);
    await target.close();
    console.error(`round ${round + 1}: COPY into the floor database`);
    copyMs.push(await copyRows(floor.db, data));
    const loaded = await floor.db.$count(outboxMessages);
    if (loaded !== imported) throw new Error(`The floor loaded ${loaded} messages, not ${imported}`);
    await floor.close();
    console.log(`round ${round + 1}: import ${Math.round(importMs.at(-1)!)} ms, COPY ${Math.round(copyMs.at(-1)!)} ms`);
  }

  const importP50 = percentile(importMs, 50);
  const copyP50 = percentile(copyMs, 50);
  console.log(
    formatTable([
      ['figure', 'value'],
      [
        'machine',
        `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      ],
      ['database', version],
      ['rows in the file', ROWS],
      ['imported and invited', imported],
      ['skipped', skipped],
      ['rounds', ROUNDS],
      ['import (ms, median)', Math.round(importP50)],
      ['COPY floor (ms, median)', Math.round(copyP50)],
      ['peak RSS (MB)', Math.round(peakRssMb)],
    ]),
  );
  const result = {
    rows: ROWS,
    import_ms: Math.round(importP50),
    copy_ms: Math.round(copyP50),
    ratio: Math.round((importP50 / copyP50) * 100) / 100,
    peak_rss_mb: Math.round(peakRssMb),
  };
  await runCleanup();
  cancelTimeLimit();
  console.log(JSON.stringify(result));
  if (imported !== ROWS) process.exitCode = 1;
}

if (process.argv[2] === '--child') {
  childMain(process.argv[3]!, process.argv[4]!, process.argv[5]!).catch((error) => {
    console.error(`[${NAME}] import process:`, error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
} else
  main().catch(async (error) => {
    console.error(`[${NAME}]`, error instanceof Error ? (error.stack ?? error.message) : error);
    await runCleanup();
    process.exit(1);
  });
