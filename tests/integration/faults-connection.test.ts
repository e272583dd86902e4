import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { type DbHandle, openDatabase, queryRows } from '@/db/client';
import { addAccount } from '@/lib/accounts/add-account';
import { addAccountSchema } from '@/lib/accounts/add-account-schema';
import { moveAccounts } from '@/lib/accounts/move-accounts';
import { describeMove, moveAccountsSchema } from '@/lib/accounts/move-accounts-schema';
import type { RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import type { ActionResult } from '@/lib/errors';
import { commitImport } from '@/lib/import/commit-import';
import { commitImportSchema } from '@/lib/import/import-schema';
import { stageImportRows, startImport } from '@/lib/import/stage-import';
import {
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  postgresError,
  seedDemo,
} from '../helpers/test-db';
import { UNEXPECTED, runAsAction } from '../helpers/faults/action';
import { FaultTally, type HeldLock, Observer } from '../helpers/faults/harness';
import { assertConsistent, tableDigests } from '../helpers/faults/invariants';
import { insertNumbers } from '../helpers/numbers';

const META: RequestMeta = { ipAddress: '203.0.113.80', userAgent: 'faults-connection' };
const BASE = { baseUrl: 'http://portal.test' };

/**
 * The database connection cut in the middle of a request: the operation runs as its server action
 * runs it (the handler of app/(portal)/accounts/actions.ts or import-actions.ts, with adminAction's
 * error mapping), on the app's pool; the test, on connections of its own, holds a row lock that the
 * operation's last statement (its audit event, which references the tenant's root organization) waits
 * for, so the operation is stopped inside its transaction after writing everything else; then it
 * terminates the operation's backend (pg_terminate_backend). The administrator must get the generic
 * message (no SQL, no stack), the database must be exactly as before, and the same request must then
 * succeed on the same pool. pg_terminate_backend needs a database server: on PGlite the file is skipped.
 */
describe(
  'the database connection cut mid-request',
  { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL: pg_terminate_backend needs a database server' },
  () => {
    let t: TestDatabase;
    let observer: Observer;
    let owner: AdminScope;
    let org: Record<string, string>;
    let group: Record<string, string>;
    const tally = new FaultTally();
    /**
     * Exceptions nothing could catch (thrown from a timer callback), kept as `next start` does (its
     * router server logs them and carries on) instead of failing whichever test is running; asserted
     * at the end.
     */
    const uncaught: { during: string; error: unknown }[] = [];
    let during = 'setup';

    before(async () => {
      process.setUncaughtExceptionCaptureCallback((error) => uncaught.push({ during, error }));
      t = await createTestDatabase();
      await seedDemo(t.db);
      ({ acmeOwner: owner } = await demoAdminScopes(t.db));
      ({ org, group } = await demoOrganizations(t.db));
      observer = new Observer(t.url!);
    });
    after(async () => {
      console.log(tally.summary());
      for (const line of tally.log) console.log(`  - ${line}`);
      // A poisoned connection's query never ends: each pool's end() gives up on it after 5 s.
      await Promise.all(pools.map(({ handle }) => handle.close()));
      await observer?.close();
      await t?.close();
      process.setUncaughtExceptionCaptureCallback(null);
    });

    /**
     * A fresh pool of the app's for each test (a server process of its own), so that what one cut does
     * to a pool stays in its test; kept open to the end, when every connection of each is probed.
     */
    const POOL_MAX = 4;
    const pools: { label: string; handle: DbHandle }[] = [];
    const openAppPool = async (label: string) => {
      const handle = await openDatabase({ url: t.url!, poolMax: POOL_MAX });
      pools.push({ label, handle });
      return handle;
    };

    /** Rejects when `promise` has not settled after `ms`: a request that never answers fails the test instead of hanging it. */
    async function within<T>(what: string, promise: Promise<T>, ms = 30_000): Promise<T> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await Promise.race([
          promise,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000} s`)), ms);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    }

    /** The same request, sent again on the same pool, succeeds. */
    async function nextRequestSucceeds<T>(label: string, request: () => Promise<ActionResult<T>>) {
      const { result, logged } = await within(`${label}: the next request`, runAsAction(request));
      assert.equal(
        result.ok,
        true,
        `${label}: the next request succeeds: ${JSON.stringify(result)} ${logged instanceof Error ? logged.message : ''}`,
      );
      return result;
    }

    /**
     * Runs `request` as its action would, cuts its connection once it waits inside its transaction,
     * and checks what the administrator sees and what the database holds; returns the error the action
     * would have logged.
     */
    async function cutMidRequest<T>(label: string, request: () => Promise<ActionResult<T>>): Promise<unknown> {
      during = label;
      const before = await tableDigests(t.db);
      let gate: HeldLock | undefined;
      let outcome: Awaited<ReturnType<typeof runAsAction<T>>>;
      try {
        // The tenant's root organization, which the request's audit event references (a foreign key
        // check takes a key-share lock that waits for this one).
        gate = await observer.hold('select id from organizations where id = $1 for update', [owner.tenantId]);
        const pending = runAsAction(request);
        const backend = await observer.waitForBlocked('multiline-portal', gate.pid);
        assert.match(backend.query, /insert into "audit_events"/i, `${label}: stopped at its last statement`);
        assert.ok(backend.inTransaction && backend.wrote, `${label}: inside its transaction, after writing`);
        assert.equal(await observer.terminate(backend.pid), true, `${label}: backend terminated`);
        tally.inject(`${label}: connection cut at its audit event, its other writes done`);
        outcome = await within(`${label}: the answer after the cut`, pending);
      } finally {
        await gate?.release();
      }

      const { result, logged } = outcome;
      assert.deepEqual(
        result,
        { ok: false, message: UNEXPECTED },
        `${label}: the administrator gets the generic message`,
      );
      assert.doesNotMatch(result.message, /select|insert|update|terminat|sql|postgres|at \w+ \(/i);
      assert.ok(logged, `${label}: the error is one the action logs`);
      assert.deepEqual(await tableDigests(t.db), before, `${label}: nothing half-written`);
      await assertConsistent(t.db, label);
      tally.survive();
      return logged;
    }

    /** The database's own word for the cut connection, or the driver's when the socket closed first. */
    const describeCut = (error: unknown) => {
      const pg = postgresError(error);
      if (pg) return `${pg.code}: ${pg.message}`;
      let e: unknown = error;
      for (let i = 0; i < 5 && e instanceof Error && e.cause; i++) e = e.cause;
      if (!(e instanceof Error)) return String(e);
      const code = (e as Error & { code?: unknown }).code;
      return `${typeof code === 'string' ? code : ''} ${e.message}`.trim();
    };
    const CUT = /57P01|terminat|CONNECTION_(CLOSED|ENDED|DESTROYED)|ECONNRESET|EPIPE/i;

    it('Move: the generic message, nothing half-moved, and the next Move succeeds', async () => {
      const app = await openAppPool('Move');
      const created = await queryRows<{ id: string }>(
        t.db,
        sql`insert into accounts (organization_id, permission_group_id, first_name, last_name, email, status,
                                  invited_at, invitation_expires_at, activated_at, personal_phone)
            select ${org['2001']}::uuid, ${group['2001']}::uuid, 'Cut', 'Mover' || i, 'cut.mover' || i || '@conn.faults',
                   'active', now(), now() + interval '30 days', now(), '+1415666' || lpad(i::text, 4, '0')
            from generate_series(1, 50) i
            returning id`,
      );
      await t.db.execute(sql`insert into phone_numbers (e164, organization_id, account_id, assigned_at)
        select '+1332' || lpad(row_number() over (order by id)::text, 7, '0'), ${org['2001']}::uuid, id, now()
        from accounts where email like 'cut.mover%@conn.faults'`);
      const input = {
        ids: created.map((r) => r.id),
        organizationId: org['2002']!,
        permissionGroupId: group['2002']!,
      };
      // moveAccountsAction's handler (app/(portal)/accounts/actions.ts).
      const move = async () => {
        const result = await moveAccounts(app.db, owner, META, moveAccountsSchema.parse(input));
        return { ok: true as const, data: result, message: describeMove(result) };
      };

      const logged = await cutMidRequest('Move of 50 accounts with numbers', move);
      assert.match(describeCut(logged), CUT, 'the action failed on the cut connection');

      const result = await nextRequestSucceeds('Move', move);
      assert.deepEqual(result, {
        ok: true,
        data: { moved: 50, alreadyThere: 0, notFound: 0, numbersMoved: 50, destinationName: 'Support' },
        message: '50 accounts moved to Support (50 numbers with them).',
      });
      await assertConsistent(t.db, 'after the Move');
    });

    it('Add Account: the generic message, no account, invitation or message, and the next one succeeds', async () => {
      const app = await openAppPool('Add Account');
      const form = {
        organizationId: org['2001']!,
        firstName: 'Connie',
        lastName: 'Cut',
        contact: 'connie.cut@conn.faults',
        permissionGroupId: group['2001']!,
        intent: 'invite' as const,
      };
      // addAccountAction's handler (app/(portal)/accounts/actions.ts).
      const add = async () => {
        const added = await addAccount(app.db, owner, META, addAccountSchema('US').parse(form), BASE);
        return {
          ok: true as const,
          data: added,
          message: `${form.firstName} ${form.lastName} was added and invited.`,
        };
      };

      const logged = await cutMidRequest('Add Account (invite)', add);
      assert.match(describeCut(logged), CUT, 'the action failed on the cut connection');

      const result = await nextRequestSucceeds('Add Account', add);
      assert.equal(result.message, 'Connie Cut was added and invited.');
      const [row] = await queryRows<{ accounts: number; invitations: number; messages: number }>(
        t.db,
        sql`select (select count(*)::int from accounts where email = 'connie.cut@conn.faults') as accounts,
                   (select count(*)::int from invitations where destination = 'connie.cut@conn.faults') as invitations,
                   (select count(*)::int from outbox_messages where recipient = 'connie.cut@conn.faults') as messages`,
      );
      assert.deepEqual({ ...row }, { accounts: 1, invitations: 1, messages: 1 }, 'added and invited once');
      await assertConsistent(t.db, 'after Add Account');
    });

    it('Import and Invite: the generic message, the import still staged, and the next commit imports it', async () => {
      const app = await openAppPool('Import and Invite');
      const ROWS = 300;
      await insertNumbers(t.db, org['2003']!, '+1332555', ROWS);
      const started = await startImport(t.db, owner, {
        organizationId: org['2003']!,
        fileName: 'cut.csv',
        totalRows: ROWS,
      });
      const importId = started!.importId;
      await stageImportRows(t.db, owner, {
        importId,
        rows: Array.from({ length: ROWS }, (_, i) => ({
          line: i + 2,
          firstName: 'Cut',
          lastName: `Import${i}`,
          email: `cut.import${i}@conn.faults`,
        })),
      });
      const input = { importId, organizationId: org['2003']!, permissionGroupId: group['2003']! };
      // commitImportAction's handler (app/(portal)/accounts/import-actions.ts).
      const commit = async () => {
        const result = await commitImport(app.db, owner, META, commitImportSchema.parse(input), BASE);
        return {
          ok: true as const,
          data: result,
          message: `${result.imported} imported, ${result.skipped} skipped.`,
        };
      };

      const logged = await cutMidRequest(`Import and Invite of ${ROWS} rows`, commit);
      assert.match(describeCut(logged), CUT, 'the action failed on the cut connection');
      const [batch] = await queryRows<{ status: string }>(
        t.db,
        sql`select status from import_batches where id = ${importId}`,
      );
      assert.equal(batch!.status, 'staging', 'the import can still be committed');

      const result = await nextRequestSucceeds('Import and Invite', commit);
      assert.equal(result.message, `${ROWS} imported, 0 skipped.`);
      const [row] = await queryRows<{ accounts: number; messages: number; audits: number }>(
        t.db,
        sql`select (select count(*)::int from accounts where email like 'cut.import%@conn.faults') as accounts,
                   (select count(*)::int from outbox_messages where recipient like 'cut.import%@conn.faults') as messages,
                   (select count(*)::int from audit_events where action = 'account.import' and ${importId} = any(target_ids)) as audits`,
      );
      assert.deepEqual({ ...row }, { accounts: ROWS, messages: ROWS, audits: 1 }, 'imported once');
      await assertConsistent(t.db, 'after the import');
    });

    /**
     * Known to fail with postgres.js 3.4.9 (and 3.4.10): when the backend of a connection in a transaction
     * is terminated, the driver's ROLLBACK write is scheduled on the closed socket: it throws a TypeError
     * from a setImmediate callback (Immediate.nextWrite, connection.js:255), which no caller can catch,
     * and leaves the connection's write timer set, so once the pool reopens that connection nothing is
     * ever written on it again and its queries wait forever (porsager/postgres#1154, #1208). postgres.js
     * 4.x does neither. Remove the todo once the driver is fixed.
     */
    const DRIVER_BUG =
      'postgres.js 3.4.9: a cut connection throws an uncatchable TypeError and then hangs every query sent on it (porsager/postgres#1208)';

    it('throws nothing that escapes the request when its connection is cut', { todo: DRIVER_BUG }, () => {
      during = 'the end';
      assert.deepEqual(
        uncaught.map(
          (u) => `${u.during}: ${u.error instanceof Error ? (u.error.stack ?? u.error.message) : String(u.error)}`,
        ),
        [],
        'an exception no caller can catch kills `npm run worker` and any process without a handler',
      );
    });

    it('leaves every connection of the pool usable after a cut', { todo: DRIVER_BUG }, async () => {
      // As many queries at once as the pool holds, twice over: every connection, the cut one reopened too.
      const probes = await Promise.all(
        pools.map(async ({ label, handle }) => {
          try {
            await within(
              `${label}: ${POOL_MAX * 2} queries at once on its pool of ${POOL_MAX}`,
              Promise.all(
                Array.from({ length: POOL_MAX * 2 }, () => queryRows(handle.db, sql`select pg_sleep(0.05), 1 as one`)),
              ),
              15_000,
            );
            return `${label}: every connection answers`;
          } catch (error) {
            return error instanceof Error ? error.message : String(error);
          }
        }),
      );
      assert.deepEqual(
        probes,
        pools.map(({ label }) => `${label}: every connection answers`),
      );
    });
  },
);
