import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeDb, getDb } from '@/lib/db';
import { devMailboxMessages, outboxMessages } from '@/db/schema';
import { queueInvitations } from '../helpers/outbox-fixtures';
import { type TestDatabase, createTestDatabase } from '../helpers/test-db';

const SECRET = 'cron-secret-for-the-tests-000000';

/**
 * GET /api/cron/outbox as Vercel Cron calls it, through the route module and the app's own lazily
 * opened database (a test database of its own), with no provider configured: the mailbox receives.
 */
describe('/api/cron/outbox', () => {
  let t: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  let GET: (request: Request) => Promise<Response>;

  before(async () => {
    // Before anything reads (and caches) the configuration.
    process.env.CRON_SECRET = SECRET;
    process.env.SEED_DEMO_DATA = '0';
    // On Postgres this is a deployment, which uses the mailbox only when asked to.
    process.env.DEV_MAILBOX = '1';
    delete process.env.RESEND_API_KEY;
    if (process.env.DATABASE_URL) {
      t = await createTestDatabase();
      process.env.DATABASE_URL = t.url;
    } else {
      pgliteDir = mkdtempSync(path.join(os.tmpdir(), 'ml-cron-'));
      process.env.PGLITE_DIR = pgliteDir;
    }
    ({ GET } = await import('@/app/api/cron/outbox/route'));
  });
  after(async () => {
    await closeDb();
    await t?.close();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  });

  const call = (authorization?: string) =>
    GET(
      new Request('http://localhost/api/cron/outbox', {
        headers: authorization ? { authorization } : {},
      }),
    );

  it('refuses a call without the secret, or with another one, and sends nothing', async () => {
    const db = await getDb();
    const [id] = await queueInvitations(db, 1, { tag: 'cron-refused' });
    for (const header of [undefined, `Bearer ${SECRET}x`, SECRET, `Bearer ${SECRET.slice(1)}`]) {
      const response = await call(header);
      assert.equal(response.status, 401, String(header));
      assert.deepEqual(await response.json(), { error: 'unauthorized' });
    }
    const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id!));
    assert.equal(row!.status, 'queued');
  });

  it('with the secret, drains the outbox and answers the counts', async () => {
    const db = await getDb();
    const response = await call(`Bearer ${SECRET}`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { ok: boolean; sent: number };
    assert.equal(body.ok, true);
    assert.equal(body.sent, 1);
    const delivered = await db.select().from(devMailboxMessages);
    assert.deepEqual(
      delivered.map((m) => m.recipient),
      ['user0.cron-refused@example.test'],
    );
  });
});
