/**
 * `npm run bench:bulk-actions` — docs/product.md#quality-targets: "Select all N matching" on the
 * Accounts table, then Resend Invite, Move and Suspend of all of them, each as a ratio to one raw
 * `UPDATE` of the same rows, measured in the same run (target ≤ 5), and the peak RSS of the process
 * running them (target ≤ 300 MB).
 *
 * Creates `ml_bench_bulk_<random>` on the Postgres of DATABASE_URL (default the local one), migrates
 * it, seeds the demo tenants and BENCH_BACKGROUND accounts around them (bench/lib/accounts-data.ts),
 * then two organizations of its own under Acme Corp: "Bench Source" with the BENCH_ACCOUNTS matching
 * accounts (a quarter each Active with a number, Pending with a number, Pending without one, Not
 * invited; the Pending ones invited ten days ago, so Resend's one-minute skip does not apply) and
 * "Bench Destination" with enough available numbers for the unnumbered ones.
 *
 * Each action starts from the selection as the server action receives it, `{ matching: { org },
 * expected }`, resolved in the owner's scope (lib/accounts/account-selection.ts), then calls the same
 * function as the server action, as the Acme owner:
 *   resend   resendAccountInvitations (new invitations, earlier ones superseded, messages queued);
 *            then, untimed, the invitations are dated back two minutes (no double-click skip);
 *   move     moveAccounts from Bench Source to Bench Destination (headroom checked with the
 *            destination locked, the accounts and their numbers moved, the audit event);
 *   raw      the floor: ONE `UPDATE accounts SET organization_id, permission_group_id, updated_at`
 *            (the columns the move changes) of the same rows, back to Bench Source; then, untimed,
 *            their numbers go back too;
 *   suspend  suspendAccounts (current invitations superseded, queued messages cancelled, the audit
 *            event); then, untimed, reinstateAccounts brings them back.
 * Medians over BENCH_ROUNDS rounds after BENCH_WARMUP. Prints a table, then as the last line one
 * JSON object. Always drops the database.
 *
 * Knobs: BENCH_ACCOUNTS (50000), BENCH_BACKGROUND (200000), BENCH_ROUNDS (3), BENCH_WARMUP (1),
 * BENCH_TIME_LIMIT_S (1500).
 */
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, phoneNumbers } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import { loadAccounts } from './lib/accounts-data';
import { type BulkSelection, createBulkSelection } from './lib/bulk-selection';
import { guardProcess, onCleanup, runCleanup } from './lib/cleanup';
import { benchServerUrl, createBenchDatabase, serverVersion } from './lib/database';
import { formatTable, ms, percentile } from './lib/stats';

const NAME = 'bench:bulk-actions';
const SELECTED = Number(process.env.BENCH_ACCOUNTS ?? 50_000);
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_S ?? 1500) * 1000;
const BENCH_AUTH_SECRET = 'bench-auth-secret-not-for-production-0000000000';
const META = { ipAddress: '127.0.0.1', userAgent: NAME };
const numberFormat = new Intl.NumberFormat('en-US');

interface Figures {
  resend: number[];
  move: number[];
  suspend: number[];
  raw: number[];
  /** The highest RSS sampled (every 20 ms) while the rounds ran, in MB. */
  peakRssMb: number;
}

/**
 * Samples this process's RSS every 20 ms while `run` runs: the memory the actions take, without the
 * set-up before them (loading the background accounts), which the process's own maxRSS includes.
 */
async function sampleRss<T>(run: () => Promise<T>): Promise<[number, T]> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const value = await run();
    return [Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024), value];
  } finally {
    clearInterval(timer);
  }
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}

/** A database of its own: migrated, the demo tenants, the background accounts, and the selection. */
async function prepareDatabase(serverUrl: string) {
  const { migrateDatabase, openDatabase } = await import('@/db/client');
  const { seedDemoData } = await import('@/lib/demo/seed-demo-data');
  const database = await createBenchDatabase(serverUrl, 'ml_bench_bulk');
  console.error(`[bench] database ${database.name} on ${new URL(serverUrl).host}`);
  const handle = await openDatabase({ url: database.url, poolMax: 4 });
  onCleanup('close database', () => handle.close());
  await migrateDatabase(handle, database.url);
  await seedDemoData(handle.db);
  if (BACKGROUND > 0) {
    const loaded = await loadAccounts(database.url, { totalAccounts: BACKGROUND });
    console.error(
      `[bench] ${numberFormat.format(loaded.totalAccounts)} background accounts in ${loaded.seconds.toFixed(1)} s`,
    );
  }
  return { database, db: handle.db, selection: await createBulkSelection(handle.db, SELECTED) };
}

/**
 * Resend Invite, Move, the raw UPDATE back and Suspend, each on all matching accounts; between them,
 * untimed, the invitations are dated back (so the next resend is not skipped as a double click), the
 * numbers moved back, and the suspended accounts reinstated.
 */
async function runRounds(db: Db, owner: AdminScope, selection: BulkSelection): Promise<Figures> {
  const { resolveAccountSelection } = await import('@/lib/accounts/account-selection');
  const { moveAccounts } = await import('@/lib/accounts/move-accounts');
  const { suspendAccounts } = await import('@/lib/accounts/suspend-accounts');
  const { reinstateAccounts } = await import('@/lib/accounts/reinstate-accounts');
  const { resendAccountInvitations } = await import('@/lib/invitations/resend-account-invitations');
  const { pgArray } = await import('@/db/sql-helpers');
  const { ids, sourceId, sourceGroup } = selection;
  const selected = sql`${accounts.id} = any(${pgArray(ids)}::uuid[])`;
  /** "Select all N matching" with the Organization filter on Bench Source, as the server action gets it. */
  const allMatching = (org: string) => resolveAccountSelection(db, owner, { matching: { org }, expected: SELECTED });
  const destination = { organizationId: selection.destinationId, permissionGroupId: selection.destinationGroup };
  const figures: Figures = { resend: [], move: [], suspend: [], raw: [], peakRssMb: 0 };
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const [resendMs, resent] = await timed(async () =>
      resendAccountInvitations(db, owner, META, await allMatching(sourceId), { baseUrl: 'https://portal.example' }),
    );
    if (resent.sent !== SELECTED) throw new Error(`Resend sent ${resent.sent} of ${SELECTED}`);
    await db
      .update(accounts)
      .set({ invitedAt: sql`${accounts.invitedAt} - interval '2 minutes'` })
      .where(selected);

    const [moveMs, moved] = await timed(async () =>
      moveAccounts(db, owner, META, { ...destination, ids: await allMatching(sourceId) }),
    );
    if (moved.moved !== SELECTED || moved.numbersMoved !== SELECTED / 2) {
      throw new Error(`Move moved ${moved.moved} accounts and ${moved.numbersMoved} numbers`);
    }

    const [rawMs] = await timed(() =>
      db
        .update(accounts)
        .set({ organizationId: sourceId, permissionGroupId: sourceGroup, updatedAt: sql`now()` })
        .where(selected),
    );
    await db
      .update(phoneNumbers)
      .set({ organizationId: sourceId })
      .where(sql`${phoneNumbers.accountId} = any(${pgArray(ids)}::uuid[])`);

    const [suspendMs, suspended] = await timed(async () =>
      suspendAccounts(db, owner, META, await allMatching(sourceId)),
    );
    if (suspended.suspended !== SELECTED) throw new Error(`Suspend suspended ${suspended.suspended} of ${SELECTED}`);
    const reinstated = await reinstateAccounts(db, owner, META, ids);
    if (reinstated.active + reinstated.notInvited !== SELECTED) throw new Error('Reinstate left accounts suspended');

    if (round >= WARMUP) {
      figures.resend.push(resendMs);
      figures.move.push(moveMs);
      figures.suspend.push(suspendMs);
      figures.raw.push(rawMs);
    }
    console.error(
      `[bench] round ${round + 1}${round < WARMUP ? ' (warm-up)' : ''}: resend ${ms(resendMs)} ms, ` +
        `move ${ms(moveMs)} ms, suspend ${ms(suspendMs)} ms, raw UPDATE ${ms(rawMs)} ms`,
    );
  }
  return figures;
}

/** The table of medians, then the JSON object of the last line. */
async function report(figures: Figures, databaseUrl: string): Promise<object> {
  const p50 = (values: number[]) => percentile(values, 50);
  const resend = p50(figures.resend);
  const move = p50(figures.move);
  const suspend = p50(figures.suspend);
  const raw = p50(figures.raw);
  const peakRssMb = figures.peakRssMb;
  const processMaxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
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
      row(`Suspend × ${SELECTED}`, figures.suspend),
      row(`raw UPDATE × ${SELECTED} (floor)`, figures.raw),
    ]),
  );
  console.log(
    [
      `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`,
      `database: ${await serverVersion(databaseUrl)}, ${numberFormat.format(SELECTED + BACKGROUND)} accounts`,
      `rounds: ${ROUNDS} (after ${WARMUP} warm-up)`,
      `peak RSS while the actions ran: ${peakRssMb} MB (the process's maxRSS, set-up included: ${processMaxRssMb} MB)`,
    ].join('\n'),
  );
  return {
    accounts: SELECTED,
    resend_ms: ms(resend),
    move_ms: ms(move),
    suspend_ms: ms(suspend),
    raw_update_ms: ms(raw),
    ratio: Math.round((Math.max(resend, move, suspend) / raw) * 100) / 100,
    peak_rss_mb: peakRssMb,
  };
}

async function main() {
  const cancelTimeLimit = guardProcess({ timeLimitMs: TIME_LIMIT_MS, name: NAME });
  if (SELECTED < 4 || SELECTED % 4 !== 0) throw new Error('BENCH_ACCOUNTS must be a multiple of 4');
  const serverUrl = benchServerUrl();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ml-bench-bulk-'));
  onCleanup('remove the temporary data folder', () => rmSync(dataDir, { recursive: true, force: true }));
  // Invitation secrets are keyed from AUTH_SECRET; set before lib/env.ts first reads it.
  process.env.AUTH_SECRET = BENCH_AUTH_SECRET;
  process.env.DATA_DIR = dataDir;

  const { database, db, selection } = await prepareDatabase(serverUrl);
  const { loadAdminScope } = await import('@/lib/auth/scope');
  const owner = await loadAdminScope(db, { email: 'owner@acme.test' });
  if (!owner) throw new Error('The Acme owner is missing');
  const [peakRssMb, figures] = await sampleRss(() => runRounds(db, owner, selection));
  figures.peakRssMb = peakRssMb;
  const result = await report(figures, database.url);
  await runCleanup();
  cancelTimeLimit();
  console.log(JSON.stringify(result));
}

main().catch(async (error) => {
  console.error(`[${NAME}]`, error instanceof Error ? (error.stack ?? error.message) : error);
  await runCleanup();
  process.exit(1);
});
