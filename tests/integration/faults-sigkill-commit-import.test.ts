import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { UserFacingError } from '@/lib/errors';
import { commitImport } from '@/lib/import/commit-import';
import { IMPORT_NOT_FOUND, stageImportRows, startImport } from '@/lib/import/stage-import';
import { getHeadroom } from '@/lib/numbers/headroom';
import { DEMO_ADMINS } from '../helpers/test-db';
import type { BreakAt, ChildJob } from '../helpers/faults/child';
import { FaultChild } from '../helpers/faults/harness';
import { assertConsistent, tableDigests } from '../helpers/faults/invariants';
import { insertNumbers } from '../helpers/numbers';
import { sigkillHarness } from '../helpers/faults/sigkill';

/**
 * The server process killed with SIGKILL in the middle of an import commit, a Move and a drain, each at
 * several moments; then, as after a restart, the database must hold all of the operation or none of
 * it, every counter and headroom must still add up, the operation must succeed when done again, and
 * every message must reach the (fake) provider exactly once. The "server" is tests/helpers/faults/
 * child.ts, with a connection of its own; the kill moments are chosen so that the work is in flight:
 * the child stopped between two statements of its transaction (seen "idle in transaction" with writes
 * in pg_stat_activity), blocked inside a statement on a lock the test holds, in the middle of a long
 * statement, or holding a provider request. A child process needs the database server: on PGlite
 * (one process's database) the file is skipped.
 */
// This file: the import commit (lib/import/commit-import.ts). Drain and Move: faults-sigkill-drain and -move-accounts.
describe(
  'the server killed (SIGKILL) mid-operation',
  { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL: a killed child process needs a database server' },
  () => {
    const k = sigkillHarness();

    describe('an import commit of 20,000 rows', () => {
      const ROWS = 20_000;
      const INVALID = 5;
      let importId: string;
      let destination: string;
      let children: FaultChild[];

      before(async () => {
        // Three to kill, and the restarted server.
        children = [k.startChild('import'), k.startChild('import'), k.startChild('import'), k.startChild('import')];
        destination = k.org['2003']!;
        // Exactly the headroom the import needs.
        await insertNumbers(k.t.db, destination, '+1646', ROWS);
        const started = await startImport(k.t.db, k.owner, {
          organizationId: destination,
          fileName: 'faults.csv',
          totalRows: ROWS + INVALID,
        });
        importId = started!.importId;
        const rows = Array.from({ length: ROWS + INVALID }, (_, i) => ({
          line: i + 2,
          firstName: 'Fault',
          lastName: `Row${i}`,
          email: i < ROWS ? `fault${i}@import.faults` : `not-an-email-${i}`,
        }));
        for (let i = 0; i < rows.length; i += 2000) {
          await stageImportRows(k.t.db, k.owner, { importId, rows: rows.slice(i, i + 2000) });
        }
      });

      const job = (breakAt?: BreakAt): ChildJob => ({
        op: 'import',
        adminEmail: DEMO_ADMINS.acmeOwner,
        importId,
        organizationId: destination,
        permissionGroupId: k.group['2003']!,
        breakAt,
      });

      /** None of the import is there, and everything still adds up. */
      async function assertNothingImported(label: string, before: Record<string, string>) {
        assert.deepEqual(await tableDigests(k.t.db), before, `${label}: every table exactly as before the commit`);
        const [batch] = await queryRows<{ status: string }>(
          k.t.db,
          sql`select status from import_batches where id = ${importId}`,
        );
        assert.equal(batch!.status, 'staging', `${label}: the import is still waiting to be committed`);
        await assertConsistent(k.t.db, label);
        k.tally.survive();
      }

      it('is all or nothing whenever the server dies, and commits exactly once after the restart', async () => {
        const before = await tableDigests(k.t.db);

        // 1. In the middle of the one INSERT of the 20,000 accounts.
        const inserting = await k.crash(
          'import: mid INSERT of the 20,000 accounts',
          children[0]!,
          job({ pattern: 'insert into "accounts"', nth: 1, freeze: false }),
        );
        k.assertInFlight('mid INSERT', inserting);
        await assertNothingImported('killed mid INSERT', before);

        // 2. Between two statements, 20,000 accounts and 7,000 invitations and messages written.
        const between = await k.crash(
          'import: between statements, after 7 of 20 invitation chunks',
          children[1]!,
          job({ pattern: 'insert into "outbox_messages"', nth: 8, freeze: true }),
        );
        k.assertInFlight('between statements', between);
        await assertNothingImported('killed between statements', before);

        // 3. At the last statement before COMMIT (the audit event): the import row already says committed.
        const last = await k.crash('import: blocked at the audit event, the last statement', children[2]!, job(), {
          lock: {
            statement: 'select id from organizations where id = $1 for update',
            parameters: [k.owner.tenantId],
            blockedAt: /insert into "audit_events"/i,
          },
        });
        k.assertInFlight('at the audit event', last);
        await assertNothingImported('killed at the last statement', before);

        // The restarted server commits it: all of it, once.
        await children[3]!.go(job());
        const result = (await children[3]!.result()) as { imported: number; skipped: number };
        assert.deepEqual({ imported: result.imported, skipped: result.skipped }, { imported: ROWS, skipped: INVALID });
        const [counts] = await queryRows<{ accounts: number; invitations: number; messages: number; audits: number }>(
          k.t.db,
          sql`select
                (select count(*)::int from accounts where email like '%@import.faults' and organization_id = ${destination}) as accounts,
                (select count(*)::int from invitations i join accounts a on a.id = i.account_id
                   where a.email like '%@import.faults') as invitations,
                (select count(*)::int from outbox_messages where recipient like '%@import.faults' and status = 'queued') as messages,
                (select count(*)::int from audit_events where action = 'account.import' and ${importId} = any(target_ids)) as audits`,
        );
        assert.deepEqual(
          { ...counts },
          { accounts: ROWS, invitations: ROWS, messages: ROWS, audits: 1 },
          'every row imported and invited once, one audit event',
        );
        const [batch] = await queryRows<{ status: string; imported_count: number }>(
          k.t.db,
          sql`select status, imported_count from import_batches where id = ${importId}`,
        );
        assert.deepEqual({ ...batch }, { status: 'committed', imported_count: ROWS });
        assert.equal(
          (await getHeadroom(k.t.db, [destination])).get(destination)!.headroom,
          0,
          'headroom used up exactly',
        );
        await assertConsistent(k.t.db, 'after the commit');

        // A second commit (a double click, a retry) creates nothing.
        const committed = await tableDigests(k.t.db);
        await assert.rejects(
          commitImport(
            k.t.db,
            k.owner,
            { ipAddress: null, userAgent: null },
            { importId, organizationId: destination, permissionGroupId: k.group['2003']! },
            { baseUrl: 'http://portal.test' },
          ),
          (error: unknown) => error instanceof UserFacingError && error.message === IMPORT_NOT_FOUND,
        );
        assert.deepEqual(await tableDigests(k.t.db), committed, 'the second commit changed nothing');
      });
    });
  },
);
