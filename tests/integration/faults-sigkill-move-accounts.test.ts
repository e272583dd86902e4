import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
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
// This file: the Move (lib/accounts/move-accounts.ts). Drain and import commit: faults-sigkill-drain and -commit-import.
describe(
  'the server killed (SIGKILL) mid-operation',
  { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL: a killed child process needs a database server' },
  () => {
    const k = sigkillHarness();

    describe('a Move of 1,000 accounts with their numbers', () => {
      const MOVING = 1000;
      const NUMBERED = 800;
      let ids: string[];
      let children: FaultChild[];

      before(async () => {
        // Four to kill, and the restarted server.
        children = Array.from({ length: 5 }, () => k.startChild('move'));
        const source = k.org['2001']!;
        const target = k.org['2002']!;
        // 600 Active and 200 Pending accounts with numbers, 200 Pending without (they need headroom).
        const created = await queryRows<{ id: string; n: number }>(
          k.t.db,
          sql`insert into accounts (organization_id, permission_group_id, first_name, last_name, email, status,
                                    invited_at, invitation_expires_at, activated_at, personal_phone)
              select ${source}::uuid, ${k.group['2001']}::uuid, 'Mover', 'No' || i, 'mover' || i || '@move.faults',
                     (case when i <= 600 then 'active' else 'invited' end)::account_status,
                     now(), now() + interval '30 days',
                     case when i <= 600 then now() end,
                     case when i <= 600 then '+1415777' || lpad(i::text, 4, '0') end
              from generate_series(1, ${MOVING}) i
              returning id, substring(email from 'mover([0-9]+)@')::int as n`,
        );
        ids = created.map((r) => r.id);
        await k.t.db.execute(sql`insert into phone_numbers (e164, organization_id, account_id, assigned_at)
          select '+1718' || lpad(a.n::text, 7, '0'), ${source}::uuid, a.id, now()
          from (select id, substring(email from 'mover([0-9]+)@')::int as n from accounts where email like '%@move.faults') a
          where a.n <= ${NUMBERED}`);
        // The source holds the 200 unnumbered accounts' units; the destination has exactly the 200 the move needs.
        await insertNumbers(k.t.db, source, '+1719', 200);
        const headroom = (await getHeadroom(k.t.db, [target])).get(target)!.headroom;
        await insertNumbers(k.t.db, target, '+1720', 200 - headroom);
        await assertConsistent(k.t.db, 'before the move');
      });

      const job = (breakAt?: BreakAt): ChildJob => ({
        op: 'move',
        adminEmail: DEMO_ADMINS.acmeOwner,
        ids,
        organizationId: k.org['2002']!,
        permissionGroupId: k.group['2002']!,
        breakAt,
      });

      /** How many of the selection are in the destination, and how many of their numbers. */
      async function whereAreThey() {
        const [row] = await queryRows<{ accounts: number; numbers: number; audits: number }>(
          k.t.db,
          sql`select
                (select count(*)::int from accounts where email like '%@move.faults' and organization_id = ${k.org['2002']}) as accounts,
                (select count(*)::int from phone_numbers n join accounts a on a.id = n.account_id
                  where a.email like '%@move.faults' and n.organization_id = ${k.org['2002']}) as numbers,
                (select count(*)::int from audit_events where action = 'account.move' and ${ids[0]} = any(target_ids)) as audits`,
        );
        return { accounts: Number(row!.accounts), numbers: Number(row!.numbers), audits: Number(row!.audits) };
      }

      it('is all or nothing whenever the server dies, and headroom never goes negative', async () => {
        const before = await tableDigests(k.t.db);
        const nothingMoved = async (label: string) => {
          assert.deepEqual(await tableDigests(k.t.db), before, `${label}: every table exactly as before the move`);
          assert.deepEqual(await whereAreThey(), { accounts: 0, numbers: 0, audits: 0 });
          await assertConsistent(k.t.db, label);
          k.tally.survive();
        };

        // 1. Between statements: the 1,000 accounts locked, the headroom checked, nothing updated yet.
        const locked = await k.crash(
          'move: after locking the 1,000 accounts and the headroom check',
          children[0]!,
          job({ pattern: '^with moved as', nth: 1, freeze: true }),
        );
        assert.ok(locked?.inTransaction, 'killed inside the transaction');
        await nothingMoved('killed after the locks');

        // 2. Inside the UPDATE of accounts and numbers, on one number the test holds.
        const mid = await k.crash('move: inside the UPDATE of the accounts and their numbers', children[1]!, job(), {
          lock: {
            statement: `select id from phone_numbers where account_id = (
                          select id from accounts where email = 'mover${NUMBERED}@move.faults') for update`,
            parameters: [],
            blockedAt: /with moved as/i,
          },
        });
        k.assertInFlight('inside the UPDATE', mid);
        await nothingMoved('killed inside the UPDATE');

        // 3. Between statements: accounts, numbers and counters updated, the audit event not yet written.
        const updated = await k.crash(
          'move: after the UPDATE, before the audit event',
          children[2]!,
          job({ pattern: 'insert into "audit_events"', nth: 1, freeze: true }),
        );
        k.assertInFlight('after the UPDATE', updated);
        await nothingMoved('killed after the UPDATE');

        // 4. As COMMIT leaves: it may or may not have committed, but it is one or the other.
        await k.crash('move: as COMMIT is sent', children[3]!, job({ pattern: '^commit$', nth: 1, freeze: false }), {
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
        k.tally.note(outcome.accounts === 0 ? 'it had not committed: nothing moved' : 'it had committed: all moved');
        await assertConsistent(k.t.db, 'killed at COMMIT');
        k.tally.survive();

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
          (await getHeadroom(k.t.db, [k.org['2002']!])).get(k.org['2002']!)!.headroom,
          0,
          'headroom used up exactly',
        );
        await assertConsistent(k.t.db, 'after the move');
      });
    });
  },
);
