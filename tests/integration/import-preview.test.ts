import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { accounts, importBatches } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import { findDownloadableImport, importRowsCsv } from '@/lib/import/import-downloads';
import { importFile } from '@/lib/import/import-file';
import { STAGE_CHUNK_ROWS } from '@/lib/import/import-schema';
import { SKIP_REASONS } from '@/lib/import/parse-import';
import { PREVIEW_LIMIT } from '@/lib/import/preview-import';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
} from '../helpers/test-db';
import { downloadImportRows } from '../helpers/import-downloads';

// The import's preview lists (valid and skipped rows) and its two downloads, before and after the commit.

const META = { ipAddress: '203.0.113.9', userAgent: 'test' };
const BASE = { baseUrl: 'http://portal.test' };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('Multiple Accounts import: preview lists and downloads', () => {
  let t: TestDatabase;
  let owner: AdminScope;
  let sales: AdminScope;
  let globex: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;
  let existingEmail: string;

  const run = (admin: AdminScope, text: string, options: { commit?: boolean } = {}) =>
    importFile(
      t.db,
      admin,
      META,
      {
        bytes: bytes(text),
        fileName: 'people.csv',
        organizationId: org['2001']!,
        permissionGroupId: group['2001']!,
        country: 'US',
      },
      { ...BASE, commit: options.commit ?? false },
    );

  /**
   * Without a header line: 270 rows, 122 of them skipped (every line 9k, 9k+3, 9k+7 and 9k+8 a bad
   * email; line 5 repeats line 1, line 6 is an existing account). Line 2's first name is a formula.
   */
  function bigFile(tag: string): { text: string; valid: number[]; skipped: number[] } {
    const lines: string[] = [];
    const valid: number[] = [];
    const skipped: number[] = [];
    for (let line = 1; line <= 270; line++) {
      if (line === 5) lines.push(`Dup,Licate,${tag}.1@example.com,`);
      else if (line === 6) lines.push(`Al,Ready,${existingEmail},`);
      else if ([0, 3, 7, 8].includes(line % 9)) lines.push(`Bad,Email${line},${tag}.${line}@,`);
      else {
        const first = line === 2 ? '"=HYPERLINK(""x"")"' : 'User';
        lines.push(`${first},${tag}${line},${tag}.${line}@example.com,${line === 1 ? '+1 415 555 0101' : ''}`);
        valid.push(line);
        continue;
      }
      skipped.push(line);
    }
    return { text: `${lines.join('\r\n')}\r\n`, valid, skipped };
  }

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner: owner, salesAdmin: sales, globexOwner: globex } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
    const [existing] = await t.db
      .select({ email: accounts.email })
      .from(accounts)
      .where(and(eq(accounts.organizationId, org['2001']!), sql`${accounts.email} is not null`))
      .limit(1);
    existingEmail = existing!.email!;
  });
  after(() => t?.close());
  beforeEach(() => t.db.delete(importBatches).where(eq(importBatches.status, 'staging')));

  it('lists the first 100 valid rows (as they will be created) and the first 100 skipped rows, in line order', async () => {
    const file = bigFile('lists');
    const { preview } = await run(owner, file.text);
    assert.equal(preview.importable, file.valid.length);
    assert.equal(preview.skippedCount, file.skipped.length);
    assert.ok(file.valid.length > PREVIEW_LIMIT && file.skipped.length > PREVIEW_LIMIT);
    assert.equal(preview.valid.length, PREVIEW_LIMIT);
    assert.equal(preview.skipped.length, PREVIEW_LIMIT);
    assert.deepEqual(
      preview.valid.map((r) => r.line),
      file.valid.slice(0, PREVIEW_LIMIT),
    );
    assert.deepEqual(
      preview.skipped.map((r) => r.line),
      file.skipped.slice(0, PREVIEW_LIMIT),
    );
    // Line 1 (no header line) is a row; a valid row shows as it will be created.
    assert.deepEqual(preview.valid[0], {
      line: 1,
      firstName: 'User',
      lastName: 'lists1',
      email: 'lists.1@example.com',
      deviceNumber: '+14155550101',
    });
    const reasons = new Map(preview.skipped.map((r) => [r.line, r.reason]));
    assert.equal(reasons.get(5), SKIP_REASONS.duplicateInFile(1));
    assert.equal(reasons.get(6), SKIP_REASONS.alreadyExists);
    assert.equal(reasons.get(3), SKIP_REASONS.invalidEmail);
  });

  it('downloads all valid and all skipped rows before the commit, page by page, formulas neutralised', async () => {
    const file = bigFile('dl');
    const { importId, preview } = await run(owner, file.text);
    const valid = await downloadImportRows(t.db, owner, importId, 'valid');
    const skipped = await downloadImportRows(t.db, owner, importId, 'skipped');
    assert.equal(valid.status, 200);
    assert.ok(valid.text.startsWith('\ufeffFirst Name,Last Name,Email,Device #,Line\r\n'));
    assert.deepEqual(skipped.header, ['First Name', 'Last Name', 'Email', 'Device #', 'Line', 'Reason']);
    assert.equal(valid.rows.length, preview.importable);
    assert.equal(skipped.rows.length, preview.skippedCount);
    assert.deepEqual(
      skipped.rows.map((r) => Number(r[4])),
      file.skipped,
    );
    assert.deepEqual(valid.rows[0], ['User', 'dl1', 'dl.1@example.com', '+14155550101', '1']);
    assert.equal(valid.rows[1]![0], `'=HYPERLINK("x")`);
    assert.deepEqual(skipped.rows.find((r) => r[4] === '6')?.[5], SKIP_REASONS.alreadyExists);

    // Pages of 7 rows give the same file as one page: the stream reads the rows page by page.
    const batch = (await findDownloadableImport(t.db, owner, importId))!;
    const paged = await new Response(importRowsCsv(t.db, batch, 'skipped', 7)).arrayBuffer();
    assert.equal(new TextDecoder('utf-8', { ignoreBOM: true }).decode(paged), skipped.text);
  });

  it('a file without a header line, staged in several chunks, keeps its first line and downloads whole', async () => {
    const rows = Array.from(
      { length: 2 * STAGE_CHUNK_ROWS + 100 },
      (_, i) => `Chunk,Row${i + 1},chunk.${i + 1}@example.com`,
    );
    const { importId, preview } = await run(owner, `${rows.join('\n')}\n`);
    assert.equal(preview.importable, rows.length);
    assert.equal(preview.valid[0]!.line, 1);
    const valid = await downloadImportRows(t.db, owner, importId, 'valid');
    assert.equal(valid.rows.length, rows.length);
    assert.deepEqual(valid.rows.at(-1), [
      'Chunk',
      `Row${rows.length}`,
      `chunk.${rows.length}@example.com`,
      '',
      String(rows.length),
    ]);
  });

  it('is the staging administrator’s alone: another tenant, another administrator and an unknown import get 404', async () => {
    const { importId } = await run(owner, 'Scoped,Row,scoped.row@example.com,\n');
    for (const admin of [globex, sales]) {
      for (const kind of ['valid', 'skipped'] as const) {
        const answer = await downloadImportRows(t.db, admin, importId, kind);
        assert.equal(answer.status, 404);
        assert.ok(!answer.text.includes('scoped.row'));
      }
    }
    assert.equal((await downloadImportRows(t.db, owner, crypto.randomUUID(), 'valid')).status, 404);
  });

  it('after Import and Invite both downloads list what the commit decided', async () => {
    const { importId, result } = await run(
      owner,
      'First Name,Last Name,Email\nAfter,Commit,after.commit@example.com\nAfter,Twice,after.commit@example.com\nNo,Email,nope\n',
      { commit: true },
    );
    assert.deepEqual(result && [result.imported, result.skipped], [1, 2]);
    const valid = await downloadImportRows(t.db, owner, importId, 'valid');
    assert.deepEqual(valid.rows, [['After', 'Commit', 'after.commit@example.com', '', '2']]);
    const skipped = await downloadImportRows(t.db, owner, importId, 'skipped');
    assert.deepEqual(
      skipped.rows.map((r) => [r[4], r[5]]),
      [
        ['3', SKIP_REASONS.duplicateInFile(2)],
        ['4', SKIP_REASONS.invalidEmail],
      ],
    );
    assert.equal((await downloadImportRows(t.db, globex, importId, 'skipped')).status, 404);
  });
});
