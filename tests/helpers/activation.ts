import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { accounts, auditEvents, invitations, permissionGroups, phoneNumbers } from '@/db/schema';
import {
  activateAccount,
  type ActivateAccountOptions,
  type ActivationFailure,
  type ActivationResult,
} from '@/lib/activation/activate-account';
import type { Db, DbKind } from '@/db/client';
import { openAppDatabase } from './app-db';
import { createTestDatabase, orgIdByCode, seedDemo } from './test-db';
import { inviteAccount } from './invitations';

/** What the user receives to activate with. */
export interface Secrets {
  username: string;
  password: string;
  token: string;
}

/**
 * The test database of an activateAccount suite (the demo data, set up and closed by the suite's
 * before and after hooks: call it in the describe block) and what its tests do with it. With
 * `appDatabase` (a temporary folder's prefix), it is the app's own database (`getDb()`), so the suite can
 * call route handlers too, such as `POST /api/v1/activations`.
 */
export function activationHarness(options: { appDatabase?: string } = {}) {
  let t: { db: Db; kind: DbKind; close: () => Promise<void> };
  let addressCounter = 0;
  let accountCounter = 0;
  /** A fresh client address per call, so that only the tests of that limit meet the per-address limit. */
  const request = () => ({ ipAddress: `198.51.100.${++addressCounter % 250}-${addressCounter}`, userAgent: 'test' });

  const activate = (
    options: Omit<ActivateAccountOptions, 'request'> & { request?: ActivateAccountOptions['request'] },
  ): Promise<ActivationResult> => activateAccount(t.db, { request: request(), ...options });

  const accountById = async (id: string) => {
    const [a] = await t.db.select().from(accounts).where(eq(accounts.id, id));
    return a!;
  };
  const numberOf = async (accountId: string) => {
    const [n] = await t.db.select().from(phoneNumbers).where(eq(phoneNumbers.accountId, accountId));
    return n?.e164 ?? null;
  };
  const currentInvitation = async (accountId: string) => {
    const [i] = await t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
    return i!;
  };

  /** Sends a new invitation and reads its password and link from the sealed message, as the user would. */
  const invite = async (accountId: string): Promise<Secrets> => {
    const props = await inviteAccount(t.db, accountId, 'https://portal.test');
    const prefix = 'https://portal.test/activate/';
    assert.ok(props.activationUrl.startsWith(prefix));
    return { username: props.username, password: props.password, token: props.activationUrl.slice(prefix.length) };
  };

  /** A new pending account of its own (optionally with a number), so no test depends on another. */
  const newAccount = async (orgCode: string, options: { number?: string; device?: string } = {}) => {
    const organizationId = await orgIdByCode(t.db, orgCode);
    const [group] = await t.db
      .select()
      .from(permissionGroups)
      .where(and(eq(permissionGroups.organizationId, organizationId), eq(permissionGroups.isDefault, true)));
    const n = ++accountCounter;
    const [account] = await t.db
      .insert(accounts)
      .values({
        organizationId,
        permissionGroupId: group!.id,
        firstName: 'Test',
        lastName: `User ${n}`,
        email: options.device ? null : `activation.user${n}@acme.test`,
        deviceNumber: options.device ?? null,
      })
      .returning();
    if (options.number) {
      await t.db
        .update(phoneNumbers)
        .set({ accountId: account!.id, assignedAt: new Date() })
        .where(and(eq(phoneNumbers.e164, options.number), isNull(phoneNumbers.accountId)));
      assert.equal(await numberOf(account!.id), options.number);
    }
    return account!;
  };

  const expireInvitation = async (accountId: string) => {
    await t.db
      .update(invitations)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
    await t.db
      .update(accounts)
      .set({ invitationExpiresAt: sql`now() - interval '1 day'` })
      .where(eq(accounts.id, accountId));
  };

  const auditOf = (accountId: string) =>
    t.db
      .select()
      .from(auditEvents)
      .where(sql`${accountId} = any(${auditEvents.targetIds})`)
      .orderBy(asc(auditEvents.id));

  before(async () => {
    if (options.appDatabase) {
      const app = await openAppDatabase(options.appDatabase);
      t = { db: app.db, kind: process.env.DATABASE_URL ? 'postgres' : 'pglite', close: () => app.close() };
      return;
    }
    const test = await createTestDatabase();
    await seedDemo(test.db);
    t = test;
  });
  after(() => t.close());

  return {
    get db() {
      return t.db;
    },
    get kind() {
      return t.kind;
    },
    request,
    activate,
    accountById,
    numberOf,
    currentInvitation,
    invite,
    newAccount,
    expireInvitation,
    auditOf,
  };
}

/** Asserts that the activation failed with `code`. */
export function assertFailure<C extends ActivationFailure['code']>(
  result: ActivationResult,
  code: C,
): asserts result is ActivationFailure & { code: C } {
  assert.equal(result.ok, false, `expected ${code}, got success`);
  assert.equal((result as { code: string }).code, code, (result as { message?: string }).message);
}
