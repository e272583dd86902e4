import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray, sql } from 'drizzle-orm';
import { importBatches, importRows } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import { commitImport } from '@/lib/import/commit-import';
import {
  discardImport,
  IMPORT_NOT_FOUND,
  MAX_OPEN_IMPORTS,
  MAX_STAGED_ROWS,
  stageImportRows,
  startImport,
  TOO_MANY_OPEN_IMPORTS,
  tooManyStagedRows,
} from '@/lib/import/stage-import';
import { sweepStagedImports } from '@/lib/import/sweep-staged-imports';
import { peekRateLimit } from '@/lib/rate-limit';
import { existenceCheckKey } from '@/lib/tenant-limits';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  refused,
  seedDemo,
} from '../helpers/test-db';
import { stagedRowCount } from '../helpers/rows';

const META = { ipAddress: '203.0.113.22', userAgent: 'test' };
const BASE = { baseUrl: 'http://portal.test' };
const DAY = 24 * 60 * 60 * 1000;

/** docs/product.md#add-account-multiple: staged imports are capped per administrator and swept on a schedule. */
describe('staged imports: caps per administrator and the sweep', () => {
  let t: TestDatabase;
  let owner: AdminScope;
  let sales: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;

  const start = (admin: AdminScope, totalRows = 1, code = '2001') =>
    startImport(t.db, admin, { organizationId: org[code]!, fileName: 'caps.csv', totalRows });
  const rows = (from: number, count: number, prefix: string) =>
    Array.from({ length: count }, (_, i) => ({
      line: from + i,
      firstName: 'Cap',
      lastName: `Row${from + i}`,
      email: `${prefix}.${from + i}@example.com`,
      deviceNumber: '',
    }));
  const batches = async () => (await t.db.select({ id: importBatches.id }).from(importBatches)).map((b) => b.id).sort();
  const age = (importId: string, days: number) =>
    t.db.execute(
      sql`update import_batches set created_at = now() - make_interval(days => ${days}) where id = ${importId}`,
    );

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner: owner, salesAdmin: sales } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
  });
  after(() => t.close());
  beforeEach(() => t.db.delete(importBatches));

  it(`a ${MAX_OPEN_IMPORTS + 1}th import in progress is refused, saying what to do; committing or discarding one frees a place`, async () => {
    assert.equal(MAX_OPEN_IMPORTS, 3);
    const open = [(await start(owner))!, (await start(owner))!, (await start(owner))!];
    const before = await batches();
    await refused(() => start(owner), TOO_MANY_OPEN_IMPORTS);
    assert.match(TOO_MANY_OPEN_IMPORTS, /Import and Invite.*discard one/);
    assert.deepEqual(await batches(), before, 'nothing was written');

    // Per administrator: another administrator of the tenant starts theirs.
    assert.ok(await start(sales));

    // Discarding one frees a place (and only one's own import can be discarded).
    assert.equal(await discardImport(t.db, sales, open[0]!.importId), false);
    assert.equal(await discardImport(t.db, owner, open[0]!.importId), true);
    assert.equal(await discardImport(t.db, owner, open[0]!.importId), false);
    const fourth = await start(owner);
    assert.ok(fourth);
    await refused(() => start(owner), TOO_MANY_OPEN_IMPORTS);

    // So does committing one.
    await stageImportRows(t.db, owner, { importId: fourth.importId, rows: rows(2, 1, 'commit') });
    const result = await commitImport(
      t.db,
      owner,
      META,
      { importId: fourth.importId, organizationId: org['2001']!, permissionGroupId: group['2001']! },
      BASE,
    );
    assert.equal(result.imported, 1);
    assert.ok(await start(owner));
  });

  it('concurrent starts cannot together pass the cap', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => start(owner)));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, MAX_OPEN_IMPORTS);
    assert.equal((await batches()).length, MAX_OPEN_IMPORTS);
  });

  it(`the imports in progress hold at most ${MAX_STAGED_ROWS.toLocaleString('en-US')} rows together, announced or staged`, async () => {
    assert.equal(MAX_STAGED_ROWS, 100_000);
    // A start reserves the rows its file has.
    const a = (await start(owner, 50_000))!;
    await refused(() => start(owner, 50_001), tooManyStagedRows(50_000, 50_001));
    const b = (await start(owner, 49_990))!;
    await refused(() => start(owner, 11), tooManyStagedRows(99_990, 11));
    assert.equal((await batches()).length, 2, 'the refused starts wrote nothing');
    // An import that announced fewer rows than it stages grows into the rest, and no further.
    const c = (await start(owner, 1))!;
    await stageImportRows(t.db, owner, { importId: c.importId, rows: rows(2, 10, 'grow') });
    assert.equal(await stagedRowCount(t.db, c.importId), 10);
    // A retry of a staged chunk adds nothing, so it is not refused.
    assert.deepEqual(await stageImportRows(t.db, owner, { importId: c.importId, rows: rows(2, 10, 'grow') }), {
      staged: 0,
    });
    const checks = await peekRateLimit(t.db, existenceCheckKey(owner.tenantId));
    await refused(
      () => stageImportRows(t.db, owner, { importId: c.importId, rows: rows(12, 1, 'grow') }),
      tooManyStagedRows(100_000, 1),
    );
    assert.equal(await stagedRowCount(t.db, c.importId), 10, 'the refused chunk staged nothing');
    assert.equal(await peekRateLimit(t.db, existenceCheckKey(owner.tenantId)), checks, 'and counted no checks');
    assert.match(tooManyStagedRows(100_000, 1), /100,001 rows; at most 100,000 .* Import and Invite.*discard one/);

    // Discarding one makes room again.
    assert.equal(await discardImport(t.db, owner, a.importId), true);
    await stageImportRows(t.db, owner, { importId: c.importId, rows: rows(12, 1, 'grow') });
    assert.equal(await stagedRowCount(t.db, c.importId), 11);
    assert.ok(b);
  });

  it('an expired import no longer counts, cannot be used, and the next start sweeps it', async () => {
    const old = [(await start(owner))!, (await start(owner))!, (await start(owner))!];
    await stageImportRows(t.db, owner, { importId: old[0]!.importId, rows: rows(2, 2, 'expired') });
    for (const o of old) await age(o.importId, 2);
    await refused(
      () => stageImportRows(t.db, owner, { importId: old[1]!.importId, rows: rows(2, 1, 'late') }),
      IMPORT_NOT_FOUND,
    );
    const fresh = await start(owner);
    assert.ok(fresh);
    assert.deepEqual(await batches(), [fresh.importId]);
    assert.equal(await stagedRowCount(t.db, old[0]!.importId), 0, 'its rows went with it');
  });

  it('sweepStagedImports deletes only imports past the expiry, in bounded batches, and trims committed ones', async () => {
    const current = (await start(owner))!;
    await stageImportRows(t.db, owner, { importId: current.importId, rows: rows(2, 3, 'current') });
    // Started 23 hours ago: not expired yet.
    const recent = (await start(sales))!;
    await t.db.execute(
      sql`update import_batches set created_at = now() - interval '23 hours' where id = ${recent.importId}`,
    );
    // Committed 8 days ago (started long before): kept, with its skipped rows trimmed.
    const committed = (await start(sales))!;
    await stageImportRows(t.db, sales, {
      importId: committed.importId,
      rows: [...rows(2, 2, 'committed'), { line: 4, firstName: '', lastName: '', email: 'bad', deviceNumber: '' }],
    });
    await commitImport(
      t.db,
      sales,
      META,
      { importId: committed.importId, organizationId: org['2001']!, permissionGroupId: group['2001']! },
      BASE,
    );
    await t.db.execute(sql`update import_batches set created_at = now() - interval '9 days',
        committed_at = now() - interval '8 days' where id = ${committed.importId}`);
    // Committed just now: its valid rows go (they are accounts), its skipped row stays for the download.
    const justCommitted = (await start(owner))!;
    await stageImportRows(t.db, owner, {
      importId: justCommitted.importId,
      rows: [...rows(2, 1, 'just'), { line: 3, firstName: '', lastName: '', email: 'bad', deviceNumber: '' }],
    });
    await commitImport(
      t.db,
      owner,
      META,
      { importId: justCommitted.importId, organizationId: org['2001']!, permissionGroupId: group['2001']! },
      BASE,
    );

    // Then (a start sweeps) 25 expired imports, more than one statement's batch, and an abandoned one.
    const expired: string[] = [];
    for (let i = 0; i < 25; i++) {
      const [row] = await t.db
        .insert(importBatches)
        .values({ organizationId: org['2001']!, permissionGroupId: group['2001']!, fileName: `old${i}.csv` })
        .returning({ id: importBatches.id });
      expired.push(row!.id);
    }
    await t.db
      .insert(importRows)
      .values(expired.map((importId) => ({ importId, lineNumber: 2, email: 'x@example.com' })));
    await t.db.execute(
      sql`update import_batches set created_at = now() - interval '25 hours' where id = any(${`{${expired.join(',')}}`}::uuid[])`,
    );
    const [abandoned] = await t.db
      .insert(importBatches)
      .values({
        organizationId: org['2001']!,
        permissionGroupId: group['2001']!,
        fileName: 'abandoned.csv',
        status: 'abandoned',
        createdAt: new Date(Date.now() - 2 * DAY),
      })
      .returning({ id: importBatches.id });
    assert.equal(await sweepStagedImports(t.db), 26);
    const left = await t.db
      .select({ id: importBatches.id, status: importBatches.status })
      .from(importBatches)
      .where(
        inArray(importBatches.id, [...expired, abandoned!.id, current.importId, recent.importId, committed.importId]),
      );
    assert.deepEqual(left.map((b) => b.id).sort(), [current.importId, recent.importId, committed.importId].sort());
    assert.equal(left.find((b) => b.id === committed.importId)!.status, 'committed');
    assert.equal(await stagedRowCount(t.db, current.importId), 3, 'a current import keeps its rows');
    assert.equal(await stagedRowCount(t.db, committed.importId), 0, 'a committed import past the keep loses its rows');
    assert.deepEqual(
      (await t.db.select().from(importRows).where(eq(importRows.importId, justCommitted.importId))).map(
        (r) => r.lineNumber,
      ),
      [3],
    );
    assert.equal((await t.db.select().from(importRows).where(inArray(importRows.importId, expired))).length, 0);
    assert.equal(await sweepStagedImports(t.db), 0, 'nothing more to do');

    // With a later clock, the current ones expire too (the drainer passes none: the database's clock).
    assert.equal(await sweepStagedImports(t.db, new Date(Date.now() + 2 * DAY)), 2);
    assert.deepEqual(await batches(), [committed.importId, justCommitted.importId].sort());
  });
});
