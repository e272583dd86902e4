import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { TEST_AUTH_SECRET } from '../test-db';
import { sleep, waitFor } from '../wait';
import type { ChildJob, ChildOp } from './child';

/**
 * The machinery of the fault tests: a "server process" to kill (child.ts), a connection of the test's
 * own to watch the database (pg_stat_activity) and to hold the locks that stop an operation where the
 * test wants it, and a tally of the faults injected and survived.
 */

export interface ChildEvent {
  event: string;
  [key: string]: unknown;
}

const CHILD_SCRIPT = path.join(import.meta.dirname, 'child.ts');

/**
 * A running child.ts, started ahead of its work (loading the modules takes seconds): its events as
 * they come, a way to hand it its job, and a way to kill it as a crash would.
 */
export class FaultChild {
  readonly events: ChildEvent[] = [];
  stderr = '';
  private readonly proc: ChildProcess;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: (() => void)[] = [];

  constructor(
    readonly op: ChildOp,
    url: string,
    /** Its connection's application_name, to find its backend in pg_stat_activity. */
    readonly appName: string,
  ) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DATABASE_URL: url,
        AUTH_SECRET: process.env.AUTH_SECRET ?? TEST_AUTH_SECRET,
        SEED_DEMO_DATA: '0',
        FAULT_OP: op,
        FAULT_URL: url,
        FAULT_APP_NAME: appName,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stdin!.on('error', () => {});
    let buffered = '';
    this.proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          this.events.push(JSON.parse(line) as ChildEvent);
        } catch {
          continue;
        }
        this.wake();
      }
    });
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.exit = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => {
        resolve({ code, signal });
        this.wake();
      });
    });
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** The first event of this kind; fails when the child ends or reports a failure first. */
  async next(kind: string, timeoutMs = 120_000): Promise<ChildEvent> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === kind);
      if (found) return found;
      const failed = this.events.find((e) => e.event === 'failed');
      if (failed) throw new Error(`the child failed: ${String(failed.message)}\n${this.stderr}`);
      if (!this.running) throw new Error(`the child ended before '${kind}'\n${this.stderr}`);
      if (Date.now() > end) throw new Error(`timed out waiting for '${kind}' from the child\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, end - Date.now()));
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /**
   * Resolves with `condition` (something outside the child, such as a provider request arriving);
   * fails when the child ends or fails first, or after `timeoutMs`.
   */
  async until<T>(what: string, condition: Promise<T>, timeoutMs = 120_000): Promise<T> {
    let settled = false;
    const value = condition.finally(() => (settled = true));
    const end = Date.now() + timeoutMs;
    while (!settled) {
      const failed = this.events.find((e) => e.event === 'failed' || e.event === 'done');
      if (failed) throw new Error(`the child ended (${JSON.stringify(failed)}) before ${what}\n${this.stderr}`);
      if (!this.running) throw new Error(`the child ended before ${what}\n${this.stderr}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${this.stderr}`);
      await Promise.race([value.catch(() => undefined), sleep(20)]);
    }
    return value;
  }

  /** The process's database backend, once it is ready. */
  async backendPid(): Promise<number> {
    return Number((await this.next('ready')).pid);
  }

  /** Hands it its work (once it is ready); returns its database backend. */
  async go(job: ChildJob): Promise<number> {
    const pid = await this.backendPid();
    this.proc.stdin!.end(`${JSON.stringify(job)}\n`);
    return pid;
  }

  /** SIGKILL: no handler runs, nothing is flushed, the socket to the database just closes. */
  async kill(): Promise<void> {
    if (this.running) this.proc.kill('SIGKILL');
    await this.exit;
  }

  /** Waits for a normal end and returns the `done` event's result. */
  async result(timeoutMs = 180_000): Promise<unknown> {
    return (await this.next('done', timeoutMs)).result;
  }
}

export interface Backend {
  pid: number;
  state: string | null;
  inTransaction: boolean;
  /** The transaction has written something (it has a transaction id). */
  wrote: boolean;
  waitEventType: string | null;
  blockedBy: number[];
  query: string;
}

/**
 * The test's own connections to the test database: one to watch (pg_stat_activity, terminating
 * backends), and one per lock the test holds.
 */
export class Observer {
  private readonly sql: postgres.Sql;
  constructor(private readonly url: string) {
    this.sql = postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: 'faults-observer' } });
  }

  async backend(pid: number): Promise<Backend | undefined> {
    const rows = await this.sql<
      {
        pid: number;
        state: string | null;
        in_tx: boolean;
        wrote: boolean;
        wait_event_type: string | null;
        blocked_by: number[];
        query: string;
      }[]
    >`select pid, state, xact_start is not null as in_tx, backend_xid is not null as wrote, wait_event_type,
             pg_blocking_pids(pid) as blocked_by, left(query, 160) as query
      from pg_stat_activity where pid = ${pid}`;
    const r = rows[0];
    if (!r) return undefined;
    return {
      pid: r.pid,
      state: r.state,
      inTransaction: r.in_tx,
      wrote: r.wrote,
      waitEventType: r.wait_event_type,
      blockedBy: r.blocked_by.map(Number),
      query: r.query.replace(/\s+/g, ' '),
    };
  }

  /** The backend of this application_name that waits for a lock `holder` holds. */
  async waitForBlocked(appName: string, holder: number, timeoutMs = 120_000): Promise<Backend> {
    return waitFor(
      `a backend of ${appName} blocked by ${holder}`,
      async () => {
        const rows = await this.sql<{ pid: number }[]>`select pid from pg_stat_activity
          where datname = current_database() and application_name = ${appName}
            and ${holder} = any(pg_blocking_pids(pid))`;
        return rows[0] ? this.backend(rows[0].pid) : undefined;
      },
      timeoutMs,
    );
  }

  /** A killed client's backend lingers until it next talks to its socket; waits until it has gone. */
  async waitGone(pid: number, timeoutMs = 120_000): Promise<void> {
    await waitFor(
      `backend ${pid} to end`,
      async () => ((await this.sql`select 1 from pg_stat_activity where pid = ${pid}`).length === 0 ? true : undefined),
      timeoutMs,
    );
  }

  async terminate(pid: number): Promise<boolean> {
    const [row] = await this.sql<{ ok: boolean }[]>`select pg_terminate_backend(${pid}) as ok`;
    return row!.ok;
  }

  /** Opens a transaction on a connection of its own, runs `statement` in it, and keeps its locks until released. */
  async hold(statement: string, parameters: (string | number)[] = []): Promise<HeldLock> {
    const client = postgres(this.url, { max: 1, onnotice: () => {}, connection: { application_name: 'faults-gate' } });
    const reserved = await client.reserve();
    const [{ pid }] = (await reserved`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
    await reserved`begin`;
    await reserved.unsafe(statement, parameters);
    let released = false;
    return {
      pid,
      release: async () => {
        if (released) return;
        released = true;
        await reserved`rollback`;
        reserved.release();
        await client.end({ timeout: 5 });
      },
    };
  }

  close(): Promise<void> {
    return this.sql.end({ timeout: 5 });
  }
}

export interface HeldLock {
  /** The backend holding the lock. */
  pid: number;
  release: () => Promise<void>;
}

/** The faults of one test file: printed at the end as `faults: N injected, N survived`. */
export class FaultTally {
  injected = 0;
  survived = 0;
  readonly log: string[] = [];

  inject(description: string): void {
    this.injected += 1;
    this.log.push(description);
  }

  /** Adds what came of the last fault to its line. */
  note(text: string): void {
    if (this.log.length > 0) this.log[this.log.length - 1] += `; ${text}`;
  }

  survive(): void {
    this.survived += 1;
  }

  summary(): string {
    return `faults: ${this.injected} injected, ${this.survived} survived`;
  }
}
