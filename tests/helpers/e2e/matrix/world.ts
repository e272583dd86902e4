/**
 * The authorization matrix's world: its own server and database (server.ts), the victim's records
 * (seed.ts), one session per role, and the calls of one role with their checks.
 */
import { type Browser, expect } from '@playwright/test';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo-data';
import { callAction, type Exchange, send, signIn } from './client';
import type { EntryPoint } from './entry-points';
import { REGISTRY } from './registry';
import { createMatrixServer, type MatrixServer } from './server';
import { type Home, MATRIX_ADMINS, type MatrixData, secretsOf, seedMatrixData } from './seed';
import { DatabaseReader, diffSnapshots, type Snapshot } from './snapshot';

export const ROLES = [
  { key: 'signedOut', label: 'signed out', email: null },
  { key: 'otherTenantOwner', label: 'an owner of another tenant (Globex)', email: 'owner@globex.test' },
  {
    key: 'siblingAdmin',
    label: 'an admin of a sibling organization (Sales, beside Support)',
    email: 'sales.admin@acme.test',
  },
  { key: 'removedAdmin', label: 'a removed administrator with an old session', email: MATRIX_ADMINS.removed.email },
  {
    key: 'passwordChanged',
    label: 'an administrator whose password changed since',
    email: MATRIX_ADMINS.rotated.email,
  },
] as const;
export type RoleKey = (typeof ROLES)[number]['key'];

/**
 * Roles whose calls are compared with the database together: on PGlite the server must be stopped
 * to read it, and each start costs seconds, so the roles that must pass share one comparison and the
 * password-changed role (which fails until sessions end on a password change) has its own.
 */
export const PHASES: RoleKey[][] = [
  ['signedOut', 'otherTenantOwner', 'siblingAdmin', 'removedAdmin'],
  ['passwordChanged'],
];

export interface CallResult {
  key: string;
  status: number;
  /** What is wrong with the answer or with the database afterwards; empty when the call passed. */
  problems: string[];
  ms: number;
}

/** A stack trace, a source position or SQL (text or a driver's error) in an answer. */
const INTERNALS =
  /\n\s+at (?:async )?[\w$.<>[\]]+ \(|node_modules\/|webpack-internal:|\.(?:ts|tsx|js|mjs):\d+:\d+|PostgresError|syntax error at|violates (?:unique|foreign key|not-null|check) constraint|duplicate key value|relation "\w+"|\bselect\b[^\n"]{0,200}\bfrom\s+"?\w+"?\s+(?:where|join|order|limit)\b|\binsert into\b|\bdelete from\b|\bupdate\s+"?\w+"?\s+set\b/i;

export function problemsOf(exchange: Exchange, secrets: string[]): string[] {
  const problems: string[] = [];
  if (exchange.status >= 500) problems.push(`answered ${exchange.status}`);
  const answer = `${exchange.location ?? ''}\n${exchange.body}`;
  const internals = INTERNALS.exec(answer);
  if (internals) problems.push(`internals in the answer: “${internals[0].trim().slice(0, 80)}”`);
  const revealed = secrets.filter((s) => answer.includes(s) && !exchange.sent.includes(s));
  if (revealed.length > 0) problems.push(`reveals ${revealed.map((s) => `“${s}”`).join(', ')}`);
  return problems;
}

export class MatrixWorld {
  private constructor(
    private readonly server: MatrixServer,
    private readonly reader: DatabaseReader,
    readonly data: MatrixData,
    private readonly cookies: Record<RoleKey, string>,
    private baseline: Snapshot,
  ) {}

  /** Roles whose calls were made since the last comparison with the database (`settle`). */
  private readonly ran = new Set<RoleKey>();

  /**
   * Starts the server on a fresh demo database with the matrix's records, signs each role in, then,
   * through the product: Acme's owner removes one Support administrator (whose session was taken
   * before) and sends another a set-password link, which is opened from the development mailbox and
   * used to set a new password. The database as it is then is what every call is compared with.
   */
  static async create(browser: Browser): Promise<MatrixWorld> {
    let data: MatrixData | undefined;
    const server = await createMatrixServer(async (env) => {
      data = await seedMatrixData(env);
    });
    const reader = new DatabaseReader(server.databaseEnv);
    try {
      await server.start();
      const { baseURL } = server;
      const cookies: Record<RoleKey, string> = {
        signedOut: '',
        otherTenantOwner: await signIn(baseURL, 'owner@globex.test', DEMO_PASSWORD),
        siblingAdmin: await signIn(baseURL, 'sales.admin@acme.test', DEMO_PASSWORD),
        removedAdmin: await signIn(baseURL, MATRIX_ADMINS.removed.email, MATRIX_ADMINS.removed.password),
        passwordChanged: await signIn(baseURL, MATRIX_ADMINS.rotated.email, MATRIX_ADMINS.rotated.password),
      };
      // Before the changes, both Support sessions see the victim's records: what follows must end that.
      const victimName = `${data!.victim.accounts[0]!.firstName} ${data!.victim.accounts[0]!.lastName}`;
      for (const role of ['removedAdmin', 'passwordChanged'] as const) {
        const page = await send(baseURL, cookies[role], 'GET', `/accounts?org=${data!.victim.organization.id}`);
        expect(page.status, `${role} can open the Accounts page before the change`).toBe(200);
        expect(page.body, `${role} sees ${victimName} before the change`).toContain(victimName);
      }
      await changeThroughTheProduct(browser, baseURL);
      // PGlite is read only with the server stopped; the first call of a phase starts it again.
      if (!reader.live) await server.stop();
      return new MatrixWorld(server, reader, data!, cookies, await reader.read());
    } catch (error) {
      await reader.close();
      await server.dispose();
      throw error;
    }
  }

  /** True on Postgres: the database is compared around every call; on PGlite, around each phase. */
  get perCall() {
    return this.reader.live;
  }

  private home(role: RoleKey): Home {
    const { homes } = this.data;
    if (role === 'otherTenantOwner') return homes.globex;
    if (role === 'siblingAdmin' || role === 'signedOut') return homes.sales;
    return homes.supportEmea;
  }

  /**
   * Calls every entry point as `role`; each answer must reveal nothing, and on Postgres the database
   * is compared around each call. On PGlite the server runs until `settle`.
   */
  async run(role: RoleKey, entries: EntryPoint[]): Promise<CallResult[]> {
    const secrets = secretsOf(this.data.victim);
    const { baseURL } = this.server;
    const cookie = this.cookies[role];
    const email = ROLES.find((r) => r.key === role)!.email;
    const claims = email ? this.data.claims[email]! : [];
    await this.server.start();
    this.ran.add(role);
    let before = this.reader.live ? await this.reader.read() : undefined;
    const calls: CallResult[] = [];
    for (const entry of entries) {
      const call = REGISTRY[entry.key]!;
      let exchange: Exchange;
      const started = Date.now();
      try {
        exchange = await call({
          victim: this.data.victim,
          home: this.home(role),
          baseURL,
          cookie,
          secrets: this.server.secrets,
          claims,
          action: (args, page) => {
            if (entry.kind !== 'action') throw new Error(`${entry.key} is not a server action`);
            return callAction(baseURL, cookie, entry.id, page ?? entry.page, args);
          },
        });
      } catch (error) {
        calls.push({
          key: entry.key,
          status: 0,
          problems: [`the call failed: ${String(error)}`],
          ms: Date.now() - started,
        });
        continue;
      }
      const problems = problemsOf(exchange, secrets);
      if (before) {
        const after = await this.reader.read();
        problems.push(...diffSnapshots(before, after).map((c) => `changed ${c}`));
        before = after;
      }
      calls.push({ key: entry.key, status: exchange.status, problems, ms: Date.now() - started });
    }
    return calls;
  }

  /**
   * Compares the database with the last comparison (or the set-up), after the calls of `roles`: on
   * PGlite with the server stopped. Roles of the list not run in this world (a failed test restarts
   * Playwright's worker, and with it the world) are run first, so the comparison covers their calls.
   */
  async settle(roles: RoleKey[], entries: EntryPoint[]): Promise<string[]> {
    for (const role of roles) if (!this.ran.has(role)) await this.run(role, entries);
    if (!this.reader.live) await this.server.stop();
    const now = await this.reader.read();
    const changes = diffSnapshots(this.baseline, now);
    this.baseline = now;
    this.ran.clear();
    return changes;
  }

  async dispose() {
    await this.reader.close();
    await this.server.dispose();
  }
}

/** Acme's owner removes Rita and resends Roy an invitation; Roy sets a new password from the mailbox. */
async function changeThroughTheProduct(browser: Browser, baseURL: string) {
  const ownerContext = await browser.newContext({ baseURL });
  const visitorContext = await browser.newContext({ baseURL });
  try {
    const owner = await ownerContext.newPage();
    await owner.goto('/sign-in');
    await owner.getByLabel('Email').fill('owner@acme.test');
    await owner.getByLabel('Password').fill(DEMO_PASSWORD);
    await owner.getByRole('button', { name: 'Sign in' }).click();
    await expect(owner).not.toHaveURL(/\/sign-in/);

    await owner.goto('/administrators');
    await owner.getByRole('checkbox', { name: `Select ${MATRIX_ADMINS.removed.name}` }).check();
    await owner.getByRole('button', { name: 'Remove' }).click();
    await owner.getByRole('alertdialog').getByRole('button', { name: 'Remove administrators' }).click();
    await expect(owner.getByRole('status')).toHaveText('1 administrator removed.');
    await expect(owner.getByRole('row', { name: new RegExp(MATRIX_ADMINS.removed.name) })).toHaveCount(0);

    await owner.getByRole('checkbox', { name: `Select ${MATRIX_ADMINS.rotated.name}` }).check();
    await owner.getByRole('button', { name: 'Resend Invite' }).click();
    await expect(owner.getByRole('status')).toHaveText('1 invitation sent.');

    // The development mailbox, signed in as the owner (the drainer delivers within a few seconds).
    await expect(async () => {
      await owner.goto(`/dev/mailbox?to=${encodeURIComponent(MATRIX_ADMINS.rotated.email)}`);
      await owner.getByRole('table', { name: 'Messages' }).getByRole('link').first().click({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    const link = await owner.getByRole('link', { name: 'Open set-password link' }).first().getAttribute('href');
    expect(link).toMatch(/\/activate\/admin\/[\w-]{40,}$/);

    const visitor = await visitorContext.newPage();
    await visitor.goto(link!);
    const password = `${MATRIX_ADMINS.rotated.password}-changed`;
    await visitor.getByLabel('New password').fill(password);
    await visitor.getByLabel('Confirm password').fill(password);
    await visitor.getByRole('button', { name: 'Set password' }).click();
    await expect(visitor.getByRole('heading', { name: 'Your password is set' })).toBeVisible();
  } finally {
    await ownerContext.close();
    await visitorContext.close();
  }
}
