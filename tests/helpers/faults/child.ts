/**
 * A stand-in for the server process in the fault tests (tests/integration/faults-*.test.ts): it opens
 * its own connection to the test database, exactly as the app does (postgres.js + drizzle), and runs one
 * product operation: an import commit, a Move, or a drain against the fake provider. The test kills it
 * with SIGKILL at a moment it chooses.
 *
 * Run as `node --import tsx tests/helpers/faults/child.ts` with FAULT_OP (the operation, whose modules
 * it loads first), FAULT_URL and FAULT_APP_NAME in the environment; it then connects, says `ready` and
 * waits for its ChildJob, one JSON line on stdin (so a test can start it early and give it the work
 * at the moment it wants). It reports on stdout, one JSON object a line:
 * - `{ event: 'ready', pid }`: loaded and connected; `pid` is its database backend (one connection);
 * - `{ event: 'break', query }`: it is about to send the statement `breakAt` names (the n-th statement
 *   matching the pattern); with `freeze` it then stops dead (the event loop blocked) until it is killed,
 *   so the kill lands exactly between two statements of the transaction;
 * - `{ event: 'answered', request, ok }`: (drain) the provider answered the n-th request `breakAfterAnswer`
 *   names; the drainer then stops dead before it records the outcome;
 * - `{ event: 'done', result }` or `{ event: 'failed', message }` at the end.
 */
import { writeSync } from 'node:fs';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from '@/db/schema';
import type { Db } from '@/db/client';
import type { EmailProvider } from '@/lib/delivery/provider-types';

export interface BreakAt {
  /** A case-insensitive regular expression over the statement's SQL text. */
  pattern: string;
  /** Break at the n-th matching statement (from 1). */
  nth: number;
  /** Stop dead after announcing it (the statement is not sent); otherwise carry on. */
  freeze: boolean;
}

export type ChildOp = ChildJob['op'];

export type ChildJob = {
  breakAt?: BreakAt;
} & (
  | {
      op: 'import';
      adminEmail: string;
      importId: string;
      organizationId: string;
      permissionGroupId: string;
    }
  | {
      op: 'move';
      adminEmail: string;
      ids: string[];
      organizationId: string;
      permissionGroupId: string;
    }
  | {
      op: 'drain';
      fakeUrl: string;
      apiKey: string;
      leaseSeconds: number;
      /** Stop dead once the provider has answered this request (from 1), before recording the outcome. */
      breakAfterAnswer?: number;
    }
);

const META = { ipAddress: '203.0.113.77', userAgent: 'faults-child' };
/** The longest a frozen child waits to be killed before giving up on its own. */
const FREEZE_LIMIT_MS = 120_000;

function emit(event: Record<string, unknown>): void {
  // Synchronous, so the line is out before the process freezes or dies.
  writeSync(1, `${JSON.stringify(event)}\n`);
}

function freeze(): never {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, FREEZE_LIMIT_MS);
  emit({ event: 'failed', message: 'frozen, and never killed' });
  process.exit(97);
}

interface Modules {
  loadAdminScope?: typeof import('@/lib/auth/scope').loadAdminScope;
  commitImport?: typeof import('@/lib/import/commit-import').commitImport;
  moveAccounts?: typeof import('@/lib/accounts/move-accounts').moveAccounts;
  drainOutbox?: typeof import('@/lib/outbox/drain').drainOutbox;
  UnconfiguredSmsProvider?: typeof import('@/lib/delivery/providers').UnconfiguredSmsProvider;
  fakeResendProvider?: typeof import('../resend-providers').fakeResendProvider;
  FAULTS_EMAIL_FROM?: string;
}

/** Loads the operation's modules only: a process starts in seconds, not tens of seconds. */
async function load(op: ChildOp): Promise<Modules> {
  if (op === 'drain') {
    const [{ drainOutbox }, { UnconfiguredSmsProvider }, { fakeResendProvider, FAULTS_EMAIL_FROM }] = await Promise.all(
      [import('@/lib/outbox/drain'), import('@/lib/delivery/providers'), import('../resend-providers')],
    );
    return { drainOutbox, UnconfiguredSmsProvider, fakeResendProvider, FAULTS_EMAIL_FROM };
  }
  const { loadAdminScope } = await import('@/lib/auth/scope');
  if (op === 'import')
    return { loadAdminScope, commitImport: (await import('@/lib/import/commit-import')).commitImport };
  return { loadAdminScope, moveAccounts: (await import('@/lib/accounts/move-accounts')).moveAccounts };
}

function readJob(): Promise<ChildJob> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) {
        process.stdin.pause();
        resolve(JSON.parse(text.slice(0, end)) as ChildJob);
      }
    });
    process.stdin.on('end', () => reject(new Error('stdin closed before the job came')));
  });
}

async function main(): Promise<void> {
  const op = process.env.FAULT_OP as ChildOp;
  const url = process.env.FAULT_URL;
  if (!url || !['import', 'move', 'drain'].includes(op)) throw new Error('FAULT_OP and FAULT_URL are required');
  const modules = await load(op);

  // Armed once the job comes.
  const armed: { breakAt?: BreakAt; pattern?: RegExp; matches: number } = { matches: 0 };
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    // So that the test can find this backend in pg_stat_activity.
    connection: { application_name: process.env.FAULT_APP_NAME ?? 'faults-child' },
    // Called as each statement is built, before it is sent.
    debug: (_connection, query) => {
      const { breakAt, pattern } = armed;
      if (!pattern || !breakAt || !pattern.test(query)) return;
      armed.matches += 1;
      if (armed.matches !== breakAt.nth) return;
      emit({ event: 'break', query: query.replace(/\s+/g, ' ').slice(0, 120) });
      if (breakAt.freeze) freeze();
    },
  });
  const db = drizzle({ client, schema }) as unknown as Db;
  const [{ pid }] = (await client`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
  emit({ event: 'ready', pid });

  const job = await readJob();
  if (job.op !== op) throw new Error(`loaded for ${op}, asked for ${job.op}`);
  armed.breakAt = job.breakAt;
  armed.pattern = job.breakAt ? new RegExp(job.breakAt.pattern, 'i') : undefined;

  let result: unknown;
  if (job.op === 'import' || job.op === 'move') {
    const { loadAdminScope, commitImport, moveAccounts } = modules;
    const admin = await loadAdminScope!(db, { email: job.adminEmail });
    if (!admin) throw new Error(`no administrator ${job.adminEmail}`);
    result =
      job.op === 'import'
        ? await commitImport!(
            db,
            admin,
            META,
            { importId: job.importId, organizationId: job.organizationId, permissionGroupId: job.permissionGroupId },
            { baseUrl: 'http://portal.test' },
          )
        : await moveAccounts!(db, admin, META, {
            ids: job.ids,
            organizationId: job.organizationId,
            permissionGroupId: job.permissionGroupId,
          });
  } else {
    const { drainOutbox, UnconfiguredSmsProvider, fakeResendProvider, FAULTS_EMAIL_FROM } = modules;
    const resend = fakeResendProvider!({ url: job.fakeUrl, apiKey: job.apiKey }, { from: FAULTS_EMAIL_FROM });
    let requests = 0;
    const email: EmailProvider = {
      name: resend.name,
      maxBatchSize: resend.maxBatchSize,
      rateLimited: resend.rateLimited,
      sendBatch: async (emails, options) => {
        const answer = await resend.sendBatch(emails, options);
        requests += 1;
        if (requests === job.breakAfterAnswer) {
          emit({ event: 'answered', request: requests, ok: answer.ok, key: options.idempotencyKey });
          freeze();
        }
        return answer;
      },
    };
    // One request at a time, so "the n-th request" names one batch whatever the machine's speed.
    result = await drainOutbox!(db, {
      providers: { email, sms: new UnconfiguredSmsProvider!() },
      concurrency: 1,
      leaseSeconds: job.leaseSeconds,
      deadlineMs: 60_000,
    });
  }
  await client.end({ timeout: 5 });
  emit({ event: 'done', result });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    emit({ event: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
