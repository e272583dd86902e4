import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { AdminScope } from '@/lib/auth/scope';
import { type TestDatabase, createTestDatabase, demoAdminScopes, demoOrganizations, seedDemo } from '../test-db';
import type { ChildJob, ChildOp } from './child';
import { type Backend, FaultChild, FaultTally, type HeldLock, Observer } from './harness';

/**
 * The harness of the SIGKILL fault tests (tests/integration/faults-sigkill-*.test.ts): a test database
 * with the demo data, an Observer on it, the child processes ("servers") to kill, and crash(), which
 * kills one at a chosen moment. Registers the suite's before and after hooks: call it in the describe block.
 */
export function sigkillHarness() {
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

  return {
    get t() {
      return t;
    },
    get observer() {
      return observer;
    },
    get owner() {
      return owner;
    },
    get org() {
      return org;
    },
    get group() {
      return group;
    },
    tally,
    startChild,
    crash,
    assertInFlight,
  };
}
