import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { commitImport } from '@/lib/import/commit-import';
import { IMPORT_NOT_FOUND, stageImportRows, startImport } from '@/lib/import/stage-import';
import { getHeadroom } from '@/lib/numbers/headroom';
import { drainOutbox } from '@/lib/outbox/drain';
import {
  DEMO_ADMINS,
  type TestDatabase,
  createTestDatabase,
  demoAdminScopes,
  demoOrganizations,
  seedDemo,
} from '../helpers/test-db';
import { type FakeResend, startFakeResend } from '../helpers/fake-resend';
import { queueInvitations, statusCounts } from '../helpers/outbox-fixtures';
import type { BreakAt, ChildJob, ChildOp } from '../helpers/faults/child';
import { type Backend, FaultChild, FaultTally, type HeldLock, Observer } from '../helpers/faults/harness';
import { waitFor } from '../helpers/wait';
import { assertConsistent, tableDigests } from '../helpers/faults/invariants';
import { FAULTS_EMAIL_FROM, fakeResendProviders } from '../helpers/resend-providers';
import { insertNumbers } from '../helpers/numbers';

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
describe(
  'the server killed (SIGKILL) mid-operation',
  { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL: a killed child process needs a database server' },
  () => {
    let t: TestDatabase;
    let observer: Observer;
    let owner: AdminScope;
    let org: Record<string, string>;
    let group: Record<string, string>;
    const tally = new FaultTally();

    before(async () => {
      t = await createTestDatabase();
      await seedDemo(t.db);
      ({ acmeOwner: owner } = await demoAdminScopes(t.db));
      ({ org, group } = await demoOrganizations(t.db));
      observer = new Observer(t.url!);
    });
    after(async () => {
      for (const child of spawned) await child.kill();
      console.log(tally.summary());
      for (const line of tally.log) console.log(`  - ${line}`);
      await observer?.close();
      await t?.close();
    });

    const spawned: FaultChild[] = [];
    /** A child for `op`, started now so that it has loaded its modules by the time it is given work. */
    const startChild = (op: ChildOp) => {
      const child = new FaultChild(op, t.url!, `faults-child-${spawned.length + 1}`);
      spawned.push(child);
      return child;
    };

    /**
     * Gives `child` its job, lets it run to the kill point, kills it (SIGKILL) and waits until its
     * database backend has gone (a killed client's backend rolls back when it next touches its socket).
     * The kill point: `job.breakAt`, a statement the child announces (and with `freeze` stops dead
     * before); or `lock`, a statement the test runs first in a transaction of its own, whose locks stop
     * the child inside a statement; or `until`, any other moment (a provider request). A child that
     * announced a statement without freezing is killed as soon as the test has looked at its backend
     * (it is then usually inside that statement), or with `atOnce` without looking. Returns the
     * child's backend as seen just before the kill, when it had one.
     */
    async function crash(
      label: string,
      child: FaultChild,
      job: ChildJob,
      kill: {
        lock?: { statement: string; parameters: string[]; blockedAt: RegExp };
        until?: (child: FaultChild) => Promise<void>;
        atOnce?: boolean;
      } = {},
    ): Promise<Backend | undefined> {
      let gate: HeldLock | undefined;
      let pid: number | undefined;
      let seen: Backend | undefined;
      try {
        if (kill.lock) gate = await observer.hold(kill.lock.statement, kill.lock.parameters);
        pid = await child.go(job);
        if (gate && kill.lock) {
          seen = await observer.waitForBlocked(child.appName, gate.pid);
          assert.match(seen.query, kill.lock.blockedAt, `${label}: blocked at the expected statement`);
        } else if (job.breakAt) {
          await child.next('break');
          if (!kill.atOnce) seen = await observer.backend(pid);
        } else if (kill.until) {
          await kill.until(child);
          seen = await observer.backend(pid);
        }
        await child.kill();
        tally.inject(`${label} (its backend just before the kill: ${describeBackend(seen)})`);
      } finally {
        await child.kill();
        await gate?.release();
      }
      await observer.waitGone(pid);
      return seen;
    }

    const describeBackend = (b: Backend | undefined) =>
      b
        ? `${b.state}${b.waitEventType ? `, waiting on ${b.waitEventType}` : ''}` +
          `${b.inTransaction ? `, in a transaction${b.wrote ? ' that has locked or written rows' : ''}` : ''}` +
          `: ${b.query.slice(0, 50)}`
        : 'not looked at';

    /** The kill came while the transaction was open and had locked or written rows: a real half-done operation. */
    const assertInFlight = (label: string, b: Backend | undefined) => {
      assert.ok(b, `${label}: the child's backend was there at the kill`);
      assert.ok(
        b.inTransaction && b.wrote,
        `${label}: killed inside a transaction that had locked or written rows (${describeBackend(b)})`,
      );
    };

    describe('a drain of 300 invitations', () => {
      const COUNT = 300;
      const LEASE_SECONDS = 2;
      let fake: FakeResend;
      let holdNext = false;
      const keys = new Set<string | undefined>();
      let ids: number[];
      let children: FaultChild[];

      before(async () => {
        children = [startChild('drain'), startChild('drain'), startChild('drain')];
        fake = await startFakeResend({
          // Holds the next request of a new batch (a batch sent before is answered from the provider's
          // idempotency store before any fault).
          fault: (_n, { idempotencyKey }) => {
            const known = keys.has(idempotencyKey);
            keys.add(idempotencyKey);
            if (!holdNext || known) return undefined;
            holdNext = false;
            return { kind: 'hold' };
          },
        });
        ids = await queueInvitations(t.db, COUNT, { tag: 'faults' });
        // Only these: whatever else is queued (the demo's invitations) is cancelled, as Delete would.
        await t.db.execute(sql`update outbox_messages set status = 'cancelled'
          where status = 'queued' and id <> all(${`{${ids.join(',')}}`}::bigint[])`);
      });
      after(() => fake?.close());

      const job = (more: Partial<Extract<ChildJob, { op: 'drain' }>> = {}): ChildJob => ({
        op: 'drain',
        fakeUrl: fake.url,
        apiKey: fake.apiKey,
        leaseSeconds: LEASE_SECONDS,
        ...more,
      });

      /** Nothing lost or failed, nothing recorded sent that the provider did not take, no half-recorded batch. */
      async function assertNothingLost(label: string, fault = true) {
        const counts = await statusCounts(t.db, ids);
        assert.equal(
          (counts.queued ?? 0) + (counts.sending ?? 0) + (counts.sent ?? 0),
          COUNT,
          `${label}: ${JSON.stringify(counts)}`,
        );
        const sent = await queryRows<{ id: string }>(
          t.db,
          sql`select id from outbox_messages where status = 'sent' and id = any(${`{${ids.join(',')}}`}::bigint[])`,
        );
        const accepted = fake.acceptedRefIds();
        assert.deepEqual(
          sent.filter((r) => !accepted.has(String(r.id))),
          [],
          `${label}: every message recorded as sent was taken by the provider`,
        );
        const [split] = await queryRows<{ n: number }>(
          t.db,
          sql`select count(*)::int as n from outbox_messages m join outbox_batches b on b.id = m.batch_id
              where m.status in ('sending', 'sent') and m.status::text <> b.status::text`,
        );
        assert.equal(Number(split!.n), 0, `${label}: no batch recorded half sent`);
        assert.equal(fake.duplicates, 0, `${label}: nothing sent twice`);
        if (fault) tally.survive();
      }

      it('sends every message exactly once after the restarts', async () => {
        // 1. The provider took the first batch and answered; the drainer dies before recording it.
        await crash(
          'drain: the provider answered, the outcome not recorded',
          children[0]!,
          job({ breakAfterAnswer: 1 }),
          {
            until: async (child) => {
              const answered = await child.next('answered');
              assert.equal(answered.ok, true);
            },
          },
        );
        assert.equal(fake.accepted.length, 100, 'the provider took the first batch');
        await assertNothingLost('killed before recording');

        // 2. The provider has taken a batch and holds the request open.
        holdNext = true;
        await crash('drain: a provider request in flight', children[1]!, job(), {
          until: (child) => child.until('a request held by the provider', fake.waitForHeld(1)),
        });
        await assertNothingLost('killed during a request');

        // 3. Inside the transaction recording a batch as sent: the batch row updated, its messages not yet.
        const recording = await crash(
          'drain: half way through recording a sent batch',
          children[2]!,
          job({ breakAt: { pattern: '"provider_message_id" = v."pid"', nth: 1, freeze: true } }),
        );
        assertInFlight('recording the batch', recording);
        await assertNothingLost('killed while recording');

        // The restarted drainer finishes the rest (a lease lapses before its batch is retried).
        const providers = fakeResendProviders(fake, { from: FAULTS_EMAIL_FROM });
        const final = await waitFor(
          'every message sent',
          async () => {
            await drainOutbox(t.db, { providers, leaseSeconds: LEASE_SECONDS, deadlineMs: 10_000 });
            const counts = await statusCounts(t.db, ids);
            return counts.sent === COUNT ? counts : undefined;
          },
          120_000,
        );
        assert.deepEqual(final, { sent: COUNT }, 'nothing left queued, sending or failed');
        assert.equal(fake.duplicates, 0, 'no message sent twice');
        assert.equal(fake.accepted.length, COUNT, 'the provider took exactly one email per message');
        const refs = fake.acceptedRefIds();
        assert.equal(ids.filter((id) => !refs.has(String(id))).length, 0, 'none lost');
        const recipients = new Set(fake.accepted.map((a) => a.to));
        assert.equal(recipients.size, COUNT, 'each recipient got one email');
        const [open] = await queryRows<{ n: number }>(
          t.db,
          sql`select count(*)::int as n from outbox_batches where status <> 'sent'`,
        );
        assert.equal(Number(open!.n), 0, 'every batch recorded as sent');
        assert.ok(fake.replays >= 1, 'a batch the provider had taken was resent under its key and replayed');
        await assertNothingLost('after the restart', false);
      });
    });

    describe('an import commit of 20,000 rows', () => {
      const ROWS = 20_000;
      const INVALID = 5;
      let importId: string;
      let destination: string;
      let children: FaultChild[];

      before(async () => {
        // Three to kill, and the restarted server.
        children = [startChild('import'), startChild('import'), startChild('import'), startChild('import')];
        destination = org['2003']!;
        // Exactly the headroom the import needs.
        await insertNumbers(t.db, destination, '+1646', ROWS);
        const started = await startImport(t.db, owner, {
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
          await stageImportRows(t.db, owner, { importId, rows: rows.slice(i, i + 2000) });
        }
      });

      const job = (breakAt?: BreakAt): ChildJob => ({
        op: 'import',
        adminEmail: DEMO_ADMINS.acmeOwner,
        importId,
        organizationId: destination,
        permissionGroupId: group['2003']!,
        breakAt,
      });

      /** None of the import is there, and everything still adds up. */
      async function assertNothingImported(label: string, before: Record<string, string>) {
        assert.deepEqual(await tableDigests(t.db), before, `${label}: every table exactly as before the commit`);
        const [batch] = await queryRows<{ status: string }>(
          t.db,
          sql`select status from import_batches where id = ${importId}`,
        );
        assert.equal(batch!.status, 'staging', `${label}: the import is still waiting to be committed`);
        await assertConsistent(t.db, label);
        tally.survive();
      }

      it('is all or nothing whenever the server dies, and commits exactly once after the restart', async () => {
        const before = await tableDigests(t.db);

        // 1. In the middle of the one INSERT of the 20,000 accounts.
        const inserting = await crash(
          'import: mid INSERT of the 20,000 accounts',
          children[0]!,
          job({ pattern: 'insert into "accounts"', nth: 1, freeze: false }),
        );
        assertInFlight('mid INSERT', inserting);
        await assertNothingImported('killed mid INSERT', before);

        // 2. Between two statements, 20,000 accounts and 7,000 invitations and messages written.
        const between = await crash(
          'import: between statements, after 7 of 20 invitation chunks',
          children[1]!,
          job({ pattern: 'insert into "outbox_messages"', nth: 8, freeze: true }),
        );
        assertInFlight('between statements', between);
        await assertNothingImported('killed between statements', before);

        // 3. At the last statement before COMMIT (the audit event): the import row already says committed.
        const last = await crash('import: blocked at the audit event, the last statement', children[2]!, job(), {
          lock: {
            statement: 'select id from organizations where id = $1 for update',
            parameters: [owner.tenantId],
            blockedAt: /insert into "audit_events"/i,
          },
        });
        assertInFlight('at the audit event', last);
        await assertNothingImported('killed at the last statement', before);

        // The restarted server commits it: all of it, once.
        await children[3]!.go(job());
        const result = (await children[3]!.result()) as { imported: number; skipped: number };
        assert.deepEqual({ imported: result.imported, skipped: result.skipped }, { imported: ROWS, skipped: INVALID });
        const [counts] = await queryRows<{ accounts: number; invitations: number; messages: number; audits: number }>(
          t.db,
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
          t.db,
          sql`select status, imported_count from import_batches where id = ${importId}`,
        );
        assert.deepEqual({ ...batch }, { status: 'committed', imported_count: ROWS });
        assert.equal(
          (await getHeadroom(t.db, [destination])).get(destination)!.headroom,
          0,
          'headroom used up exactly',
        );
        await assertConsistent(t.db, 'after the commit');

        // A second commit (a double click, a retry) creates nothing.
        const committed = await tableDigests(t.db);
        await assert.rejects(
          commitImport(
            t.db,
            owner,
            { ipAddress: null, userAgent: null },
            { importId, organizationId: destination, permissionGroupId: group['2003']! },
            { baseUrl: 'http://portal.test' },
          ),
          (error: unknown) => error instanceof UserFacingError && error.message === IMPORT_NOT_FOUND,
        );
        assert.deepEqual(await tableDigests(t.db), committed, 'the second commit changed nothing');
      });
    });

    describe('a Move of 1,000 accounts with their numbers', () => {
      const MOVING = 1000;
      const NUMBERED = 800;
      let ids: string[];
      let children: FaultChild[];

      before(async () => {
        // Four to kill, and the restarted server.
        children = Array.from({ length: 5 }, () => startChild('move'));
        const source = org['2001']!;
        const target = org['2002']!;
        // 600 Active and 200 Pending accounts with numbers, 200 Pending without (they need headroom).
        const created = await queryRows<{ id: string; n: number }>(
          t.db,
          sql`insert into accounts (organization_id, permission_group_id, first_name, last_name, email, status,
                                    invited_at, invitation_expires_at, activated_at, personal_phone)
              select ${source}::uuid, ${group['2001']}::uuid, 'Mover', 'No' || i, 'mover' || i || '@move.faults',
                     (case when i <= 600 then 'active' else 'invited' end)::account_status,
                     now(), now() + interval '30 days',
                     case when i <= 600 then now() end,
                     case when i <= 600 then '+1415777' || lpad(i::text, 4, '0') end
              from generate_series(1, ${MOVING}) i
              returning id, substring(email from 'mover([0-9]+)@')::int as n`,
        );
        ids = created.map((r) => r.id);
        await t.db.execute(sql`insert into phone_numbers (e164, organization_id, account_id, assigned_at)
          select '+1718' || lpad(a.n::text, 7, '0'), ${source}::uuid, a.id, now()
          from (select id, substring(email from 'mover([0-9]+)@')::int as n from accounts where email like '%@move.faults') a
          where a.n <= ${NUMBERED}`);
        // The source holds the 200 unnumbered accounts' units; the destination has exactly the 200 the move needs.
        await insertNumbers(t.db, source, '+1719', 200);
        const headroom = (await getHeadroom(t.db, [target])).get(target)!.headroom;
        await insertNumbers(t.db, target, '+1720', 200 - headroom);
        await assertConsistent(t.db, 'before the move');
      });

      const job = (breakAt?: BreakAt): ChildJob => ({
        op: 'move',
        adminEmail: DEMO_ADMINS.acmeOwner,
        ids,
        organizationId: org['2002']!,
        permissionGroupId: group['2002']!,
        breakAt,
      });

      /** How many of the selection are in the destination, and how many of their numbers. */
      async function whereAreThey() {
        const [row] = await queryRows<{ accounts: number; numbers: number; audits: number }>(
          t.db,
          sql`select
                (select count(*)::int from accounts where email like '%@move.faults' and organization_id = ${org['2002']}) as accounts,
                (select count(*)::int from phone_numbers n join accounts a on a.id = n.account_id
                  where a.email like '%@move.faults' and n.organization_id = ${org['2002']}) as numbers,
                (select count(*)::int from audit_events where action = 'account.move' and ${ids[0]} = any(target_ids)) as audits`,
        );
        return { accounts: Number(row!.accounts), numbers: Number(row!.numbers), audits: Number(row!.audits) };
      }

      it('is all or nothing whenever the server dies, and headroom never goes negative', async () => {
        const before = await tableDigests(t.db);
        const nothingMoved = async (label: string) => {
          assert.deepEqual(await tableDigests(t.db), before, `${label}: every table exactly as before the move`);
          assert.deepEqual(await whereAreThey(), { accounts: 0, numbers: 0, audits: 0 });
          await assertConsistent(t.db, label);
          tally.survive();
        };

        // 1. Between statements: the 1,000 accounts locked, the headroom checked, nothing updated yet.
        const locked = await crash(
          'move: after locking the 1,000 accounts and the headroom check',
          children[0]!,
          job({ pattern: '^with moved as', nth: 1, freeze: true }),
        );
        assert.ok(locked?.inTransaction, 'killed inside the transaction');
        await nothingMoved('killed after the locks');

        // 2. Inside the UPDATE of accounts and numbers, on one number the test holds.
        const mid = await crash('move: inside the UPDATE of the accounts and their numbers', children[1]!, job(), {
          lock: {
            statement: `select id from phone_numbers where account_id = (
                          select id from accounts where email = 'mover${NUMBERED}@move.faults') for update`,
            parameters: [],
            blockedAt: /with moved as/i,
          },
        });
        assertInFlight('inside the UPDATE', mid);
        await nothingMoved('killed inside the UPDATE');

        // 3. Between statements: accounts, numbers and counters updated, the audit event not yet written.
        const updated = await crash(
          'move: after the UPDATE, before the audit event',
          children[2]!,
          job({ pattern: 'insert into "audit_events"', nth: 1, freeze: true }),
        );
        assertInFlight('after the UPDATE', updated);
        await nothingMoved('killed after the UPDATE');

        // 4. As COMMIT leaves: it may or may not have committed, but it is one or the other.
        await crash('move: as COMMIT is sent', children[3]!, job({ pattern: '^commit$', nth: 1, freeze: false }), {
          atOnce: true,
        });
        const outcome = await whereAreThey();
        assert.ok(
          [
            JSON.stringify({ accounts: 0, numbers: 0, audits: 0 }),
            JSON.stringify({ accounts: MOVING, numbers: NUMBERED, audits: 1 }),
          ].includes(JSON.stringify(outcome)),
          `all or nothing at COMMIT, got ${JSON.stringify(outcome)}`,
        );
        tally.note(outcome.accounts === 0 ? 'it had not committed: nothing moved' : 'it had committed: all moved');
        await assertConsistent(t.db, 'killed at COMMIT');
        tally.survive();

        // The restarted server does the move (again): every account once, in the destination, with its number.
        await children[4]!.go(job());
        const result = (await children[4]!.result()) as { moved: number; alreadyThere: number; numbersMoved: number };
        if (outcome.accounts === 0) {
          assert.deepEqual(
            { moved: result.moved, alreadyThere: result.alreadyThere, numbersMoved: result.numbersMoved },
            { moved: MOVING, alreadyThere: 0, numbersMoved: NUMBERED },
          );
        } else {
          assert.deepEqual(
            { moved: result.moved, alreadyThere: result.alreadyThere },
            { moved: 0, alreadyThere: MOVING },
          );
        }
        assert.deepEqual(await whereAreThey(), { accounts: MOVING, numbers: NUMBERED, audits: 1 });
        assert.equal(
          (await getHeadroom(t.db, [org['2002']!])).get(org['2002']!)!.headroom,
          0,
          'headroom used up exactly',
        );
        await assertConsistent(t.db, 'after the move');
      });
    });
  },
);
