import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { accounts, auditEvents, importBatches, invitations, outboxMessages } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { commitImport } from '@/lib/import/commit-import';
import { previewImport } from '@/lib/import/preview-import';
import { importFile } from '@/lib/import/import-file';
import { SKIP_REASONS } from '@/lib/import/parse-import';
import { IMPORT_NOT_FOUND, stageImportRows, startImport } from '@/lib/import/stage-import';
import { getHeadroom } from '@/lib/numbers/headroom';
import {
  DEMO_ADMINS,
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  postgresError,
  seedDemo,
  refusal,
} from '../helpers/test-db';
import { readCsvFixture } from '../helpers/fixtures';
import { insertNumbers } from '../helpers/numbers';
import { downloadImportRows } from '../helpers/import-downloads';

const META = { ipAddress: '203.0.113.9', userAgent: 'test' };
const BASE = { baseUrl: 'http://portal.test' };
const fixture = readCsvFixture;
const csv = (text: string) => new TextEncoder().encode(text);

describe('Multiple Accounts import', () => {
  let t: TestDatabase;
  let owner: AdminScope;
  let sales: AdminScope;
  let globex: AdminScope;
  let org: Record<string, string>;
  let group: Record<string, string>;

  const run = (
    admin: AdminScope,
    bytes: Uint8Array,
    code: string,
    options: { commit?: boolean; fileName?: string } = {},
  ) =>
    importFile(
      t.db,
      admin,
      META,
      {
        bytes,
        fileName: options.fileName ?? 'people.csv',
        organizationId: org[code]!,
        permissionGroupId: group[code]!,
        country: 'US',
      },
      { ...BASE, commit: options.commit },
    );

  const accountsByEmail = (emails: string[]) =>
    t.db
      .select()
      .from(accounts)
      .where(inArray(sql`lower(${accounts.email})`, emails));

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    ({ acmeOwner: owner, salesAdmin: sales, globexOwner: globex } = await demoAdminScopes(t.db));
    ({ org, group } = await demoOrganizations(t.db));
  });
  after(() => t?.close());
  // Tests leave imports staged (previews, refusals); an administrator may have only a few in progress
  // at once (tests/integration/staged-import-caps.test.ts), so each test starts without any.
  beforeEach(() => t.db.delete(importBatches).where(eq(importBatches.status, 'staging')));

  it('previews the mixed fixture with every reason, imports the valid rows Pending and queues their invitations', async () => {
    const { preview, result, importId } = await run(owner, fixture('mixed-errors.csv'), '2001', {
      fileName: 'mixed-errors.csv',
    });
    assert.equal(preview.totalRows, 7);
    assert.equal(preview.importable, 2);
    assert.equal(preview.skippedCount, 5);
    assert.deepEqual(
      preview.skipped.map((r) => r.line),
      [3, 4, 5, 6, 7],
    );
    assert.equal(preview.skipped.find((r) => r.line === 6)!.reason, SKIP_REASONS.duplicateInFile(2));
    assert.match(preview.skipped.find((r) => r.line === 7)!.reason, /scientific notation/);
    assert.equal(preview.blockedReason, null);
    assert.deepEqual(result && { imported: result.imported, skipped: result.skipped }, { imported: 2, skipped: 5 });

    const created = await accountsByEmail(['gina.green@example.com', 'liam.lee@example.com']);
    assert.equal(created.length, 2);
    for (const a of created) {
      assert.equal(a.organizationId, org['2001']);
      assert.equal(a.permissionGroupId, group['2001']);
      assert.equal(a.status, 'invited');
      assert.ok(a.invitationExpiresAt && a.invitationExpiresAt > new Date());
    }
    assert.equal(created.find((a) => a.email === 'liam.lee@example.com')!.deviceNumber, '+14155550301');
    const invites = await t.db
      .select()
      .from(invitations)
      .where(
        inArray(
          invitations.accountId,
          created.map((a) => a.id),
        ),
      );
    assert.equal(invites.length, 2);
    for (const i of invites) {
      assert.equal(i.expiresAt.getTime(), created.find((a) => a.id === i.accountId)!.invitationExpiresAt!.getTime());
    }
    const messages = await t.db
      .select()
      .from(outboxMessages)
      .where(
        inArray(
          outboxMessages.invitationId,
          invites.map((i) => i.id),
        ),
      );
    assert.deepEqual(messages.map((m) => m.recipient).sort(), ['gina.green@example.com', 'liam.lee@example.com']);

    const skipped = await downloadImportRows(t.db, owner, importId, 'skipped');
    assert.equal(skipped.rows.length, 5);
    const intruder = await downloadImportRows(t.db, globex, importId, 'skipped');
    assert.equal(intruder.status, 404, 'another tenant cannot download it');

    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'account.import'), eq(auditEvents.organizationId, org['2001']!)));
    assert.equal(event?.actorEmail, DEMO_ADMINS.acmeOwner);
    assert.deepEqual(event?.targetIds, [importId]);
    assert.equal((event?.details as { fileName: string }).fileName, 'mixed-errors.csv');
    assert.equal((event?.details as { imported: number }).imported, 2);
  });

  it('re-importing the same file creates nothing twice', async () => {
    const again = run(owner, fixture('template-basic.csv'), '2001');
    const first = await again;
    assert.equal(first.result?.imported, 3);
    const { preview } = await run(owner, fixture('template-basic.csv'), '2001', { commit: false });
    assert.equal(preview.importable, 0);
    assert.ok(preview.skipped.every((r) => r.reason === SKIP_REASONS.alreadyExists));
    assert.equal(preview.blockedReason, 'Nothing to import: every row is skipped.');
    const message = (await refusal(run(owner, fixture('template-basic.csv'), '2001'))).message;
    assert.match(message, /Nothing to import/);
    const rows = await accountsByEmail(['alice.anders@example.com', 'carol.chen@example.com']);
    assert.equal(rows.length, 2);
  });

  it('an existing account of another tenant is skipped without naming the tenant', async () => {
    const [globexAccount] = await t.db
      .select({ email: accounts.email })
      .from(accounts)
      .where(and(eq(accounts.organizationId, org['3000']!), sql`${accounts.email} is not null`))
      .limit(1);
    const { preview } = await run(
      owner,
      csv(`First Name,Last Name,Email\nSame,Person,${globexAccount!.email!.toUpperCase()}\n`),
      '2001',
      { commit: false },
    );
    assert.equal(preview.importable, 0);
    assert.equal(preview.skipped[0]!.reason, SKIP_REASONS.alreadyExists);
    // The row's own email is the administrator's input; the other tenant is not named anywhere.
    assert.ok(!JSON.stringify(preview).includes('Globex'));
  });

  it('an organization without enough numbers is refused whole, with the shortfall', async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(accounts);
    const file = csv('First Name,Last Name,Email\nA,One,emea.one@example.com\nB,Two,emea.two@example.com\n');
    const { preview } = await run(owner, file, '2003', { commit: false });
    assert.equal(preview.importable, 2);
    assert.equal(preview.headroom.available, 0);
    assert.equal(
      preview.blockedReason,
      'Unable to import accounts. You do not have enough numbers available in the selected organization (2 needed, 0 available: 2 short).',
    );
    assert.equal((await refusal(run(owner, file, '2003'))).message, preview.blockedReason);
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(accounts);
    assert.equal(after[0]!.n, before[0]!.n);
  });

  it('is scoped: another tenant and a sibling organization’s admin cannot start, stage, preview or commit', async () => {
    assert.equal(await startImport(t.db, globex, { organizationId: org['2001']!, fileName: 'x', totalRows: 1 }), null);
    assert.equal(await startImport(t.db, sales, { organizationId: org['2002']!, fileName: 'x', totalRows: 1 }), null);

    const { importId } = await run(
      owner,
      csv('First Name,Last Name,Email\nScoped,Row,scoped.row@example.com\n'),
      '2001',
      {
        commit: false,
      },
    );
    const row = { line: 2, firstName: 'X', lastName: 'Y', email: 'x.y@example.com', deviceNumber: '' };
    assert.equal((await refusal(stageImportRows(t.db, globex, { importId, rows: [row] }))).message, IMPORT_NOT_FOUND);
    assert.equal((await refusal(stageImportRows(t.db, sales, { importId, rows: [row] }))).message, IMPORT_NOT_FOUND);
    assert.equal(
      (await refusal(previewImport(t.db, globex, { importId, organizationId: org['2001']! }))).message,
      IMPORT_NOT_FOUND,
    );
    assert.equal(
      (
        await refusal(
          commitImport(
            t.db,
            globex,
            META,
            { importId, organizationId: org['3000']!, permissionGroupId: group['3000']! },
            BASE,
          ),
        )
      ).message,
      IMPORT_NOT_FOUND,
    );
    // The owner's own import, committed into another tenant's organization: not in scope.
    const message = (
      await refusal(
        commitImport(
          t.db,
          owner,
          META,
          { importId, organizationId: org['3000']!, permissionGroupId: group['3000']! },
          BASE,
        ),
      )
    ).message;
    assert.equal(message, 'Some of the values are not valid.');
    // A group of another organization is refused.
    await assert.rejects(
      commitImport(
        t.db,
        owner,
        META,
        { importId, organizationId: org['2001']!, permissionGroupId: group['2000']! },
        BASE,
      ),
      (e: unknown) => e instanceof UserFacingError && Boolean(e.fieldErrors?.permissionGroupId),
    );
    assert.equal((await accountsByEmail(['scoped.row@example.com'])).length, 0);
  });

  it('the server validates staged rows itself: a forged "valid" row is stored with its reason', async () => {
    const started = await startImport(t.db, owner, { organizationId: org['2001']!, fileName: 'forged', totalRows: 2 });
    await stageImportRows(t.db, owner, {
      importId: started!.importId,
      rows: [
        { line: 2, firstName: 'Ok', lastName: 'Row', email: 'ok.row@example.com', deviceNumber: '' },
        { line: 3, firstName: 'Bad', lastName: 'Phone', email: '', deviceNumber: '4.15E+10' },
      ],
    });
    // The same chunk again (a retry) stores nothing twice.
    const retry = await stageImportRows(t.db, owner, {
      importId: started!.importId,
      rows: [{ line: 2, firstName: 'Ok', lastName: 'Row', email: 'ok.row@example.com', deviceNumber: '' }],
    });
    assert.equal(retry.staged, 0);
    const preview = await previewImport(t.db, owner, { importId: started!.importId, organizationId: org['2001']! });
    assert.equal(preview.importable, 1);
    assert.match(preview.skipped[0]!.reason, /scientific notation/);
  });

  it('a failure in the middle of the commit leaves no account, no invitation and no message', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `Fail,Row${i},fail.row${i}@example.com`);
    const file = csv(`First Name,Last Name,Email\n${rows.join('\n')}\n`);
    const { importId } = await run(owner, file, '2001', { commit: false });
    // A real database error half-way through: the 15th outbox message of this import is refused.
    await t.db.execute(
      sql.raw(`create function fail_import_message() returns trigger language plpgsql as $$
        begin
          if new.recipient = 'fail.row15@example.com' then raise exception 'injected failure'; end if;
          return new;
        end $$`),
    );
    await t.db.execute(
      sql.raw(
        'create trigger fail_import_message before insert on outbox_messages for each row execute function fail_import_message()',
      ),
    );
    try {
      await assert.rejects(
        commitImport(
          t.db,
          owner,
          META,
          { importId, organizationId: org['2001']!, permissionGroupId: group['2001']! },
          BASE,
        ),
        (error: unknown) => /injected failure/.test(postgresError(error)?.message ?? ''),
      );
    } finally {
      await t.db.execute(sql.raw('drop trigger fail_import_message on outbox_messages'));
      await t.db.execute(sql.raw('drop function fail_import_message()'));
    }
    const created = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from accounts where email like 'fail.row%'`,
    );
    assert.equal(Number(created[0]!.n), 0);
    const queued = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from outbox_messages where recipient like 'fail.row%'`,
    );
    assert.equal(Number(queued[0]!.n), 0);
    const [batch] = await t.db.select().from(importBatches).where(eq(importBatches.id, importId));
    assert.equal(batch?.status, 'staging', 'still staged: the administrator can try again');
    const retried = await commitImport(
      t.db,
      owner,
      META,
      { importId, organizationId: org['2001']!, permissionGroupId: group['2001']! },
      BASE,
    );
    assert.equal(retried.imported, 30);
    // Committing it again (a double click) finds nothing to commit.
    assert.equal(
      (
        await refusal(
          commitImport(
            t.db,
            owner,
            META,
            { importId, organizationId: org['2001']!, permissionGroupId: group['2001']! },
            BASE,
          ),
        )
      ).message,
      IMPORT_NOT_FOUND,
    );
  });

  it('two concurrent imports whose sum exceeds the headroom: exactly one wins', async () => {
    const available = (await getHeadroom(t.db, [org['2002']!])).get(org['2002']!)!.headroom;
    assert.ok(available >= 2, `Support needs headroom for this test (has ${available})`);
    const file = (prefix: string) =>
      csv(
        `First Name,Last Name,Email\n${Array.from({ length: available }, (_, i) => `Race,${prefix}${i},${prefix}.${i}@example.com`).join('\n')}\n`,
      );
    const [a, b] = await Promise.all([
      run(owner, file('race-a'), '2002', { commit: false }),
      run(owner, file('race-b'), '2002', { commit: false }),
    ]);
    const commit = (importId: string) =>
      commitImport(
        t.db,
        owner,
        META,
        { importId, organizationId: org['2002']!, permissionGroupId: group['2002']! },
        BASE,
      );
    const outcomes = await Promise.allSettled([commit(a.importId), commit(b.importId)]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.ok(lost[0]!.reason instanceof UserFacingError);
    assert.match(lost[0]!.reason.message, /^Unable to import accounts\. You do not have enough numbers available/);
    assert.equal((await getHeadroom(t.db, [org['2002']!])).get(org['2002']!)!.headroom, 0);
  });

  it('imports 50,000 rows in one transaction', async () => {
    // Headroom for all of them: numbers in Acme Corp.
    await insertNumbers(t.db, org['2000']!, '+1800', 50_000);
    const lines = Array.from({ length: 50_000 }, (_, i) =>
      i % 4 === 3
        ? `Big,Row${i},,+1 646 ${String(300 + Math.floor(i / 10_000))} ${String(i % 10_000).padStart(4, '0')}`
        : `Big,Row${i},big.row${i}@example.com,`,
    );
    const { result } = await run(owner, csv(`First Name,Last Name,Email,Device #\n${lines.join('\n')}\n`), '2000');
    assert.equal(result?.imported, 50_000);
    const [counts] = await queryRows<{ accounts: number; invitations: number; messages: number; sms: number }>(
      t.db,
      sql`select
            (select count(*)::int from accounts where first_name = 'Big') as accounts,
            (select count(*)::int from invitations i join accounts a on a.id = i.account_id where a.first_name = 'Big') as invitations,
            (select count(*)::int from outbox_messages m join invitations i on i.id = m.invitation_id
               join accounts a on a.id = i.account_id where a.first_name = 'Big') as messages,
            (select count(*)::int from outbox_messages m join invitations i on i.id = m.invitation_id
               join accounts a on a.id = i.account_id where a.first_name = 'Big' and m.channel = 'sms') as sms`,
    );
    assert.deepEqual({ ...counts }, { accounts: 50_000, invitations: 50_000, messages: 50_000, sms: 12_500 });
  });
});
