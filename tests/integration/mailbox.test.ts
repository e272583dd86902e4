import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { accounts, administrators, devMailboxMessages, invitations, organizations, outboxMessages } from '@/db/schema';
import type { Db } from '@/db/client';
import type { AdminScope } from '@/lib/auth/scope';
import {
  findActivationLinks,
  getMailboxMessage,
  isMailboxServed,
  listMailbox,
  mailboxSubject,
} from '@/lib/delivery/mailbox';
import { parseEnv } from '@/lib/env';
import { type TestDatabase, adminScope, createTestDatabase, seedDemo } from '../helpers/test-db';

/** The id of a demo account (by email) or of the first account of an organization (by code). */
async function accountId(db: Db, by: { email: string } | { orgCode: string }): Promise<string> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(organizations, sql`${organizations.id} = ${accounts.organizationId}`)
    .where('email' in by ? sql`${accounts.email} = ${by.email}` : sql`${organizations.code} = ${by.orgCode}`)
    .limit(1);
  return row!.id;
}

/** A mailbox message sent for an invitation (to an account or an administrator), as the drainer leaves it. */
async function deliver(
  db: Db,
  to: { accountId: string } | { administratorId: string },
  row: { channel: 'email' | 'sms'; recipient: string; subject: string | null; text: string },
): Promise<number> {
  const [invitation] = await db
    .insert(invitations)
    .values({
      ...to,
      channel: row.channel,
      destination: row.recipient,
      tokenHash: randomUUID(),
      expiresAt: sql`now() + interval '1 day'`,
      supersededAt: sql`now()`,
    })
    .returning({ id: invitations.id });
  const [message] = await db
    .insert(outboxMessages)
    .values({
      channel: row.channel,
      invitationId: invitation!.id,
      recipient: row.recipient,
      template: 'test',
      payload: {},
      idempotencyKey: randomUUID(),
      status: 'sent',
    })
    .returning({ id: outboxMessages.id });
  const [inserted] = await db
    .insert(devMailboxMessages)
    .values({ ...row, html: row.channel === 'email' ? '<p>hi</p>' : null, outboxMessageId: message!.id })
    .returning({ id: devMailboxMessages.id });
  return inserted!.id;
}

describe('development mailbox data', () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  let owner: AdminScope;

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    owner = await adminScope(t.db, 'owner@acme.test');
    const ada = await accountId(t.db, { email: 'ada.lovelace@acme.test' });
    const rows = [
      {
        key: 'ada1',
        channel: 'email' as const,
        recipient: 'Ada.Lovelace@acme.test',
        subject: 'First invite',
        text: 'one',
      },
      { key: 'grace', channel: 'email' as const, recipient: 'grace@acme.test', subject: 'Grace invite', text: 'two' },
      {
        key: 'sms',
        channel: 'sms' as const,
        recipient: '+14155550100',
        subject: null,
        text: '\nYour MultiLine invitation\nPassword: abc\nhttps://portal.test/activate/tok',
      },
      { key: 'pct', channel: 'email' as const, recipient: 'a_b%c@acme.test', subject: 'Odd name', text: 'x' },
      {
        key: 'ada2',
        channel: 'email' as const,
        recipient: 'ada.lovelace@acme.test',
        subject: 'Second invite',
        text: 'y',
      },
    ];
    // One at a time, so ids (and so "newest") follow this order.
    for (const { key, ...row } of rows) ids[key] = await deliver(t.db, { accountId: ada }, row);
  });
  after(async () => {
    await t?.close();
  });

  it('lists newest first, with an SMS titled by its first line', async () => {
    const { messages, truncated } = await listMailbox(t.db, owner);
    assert.deepEqual(
      messages.map((m) => m.id),
      [ids.ada2, ids.pct, ids.sms, ids.grace, ids.ada1],
    );
    assert.equal(truncated, false);
    const sms = messages.find((m) => m.id === ids.sms)!;
    assert.equal(sms.subject, 'Your MultiLine invitation');
    assert.equal(sms.channel, 'sms');
    assert.ok(sms.createdAt instanceof Date);
  });

  it('searches by recipient, ignoring case, by any part of the address', async () => {
    const ada = await listMailbox(t.db, owner, { to: 'ADA.lovelace' });
    assert.deepEqual(
      ada.messages.map((m) => m.id),
      [ids.ada2, ids.ada1],
    );
    const phone = await listMailbox(t.db, owner, { to: '4155550100' });
    assert.deepEqual(
      phone.messages.map((m) => m.id),
      [ids.sms],
    );
    assert.equal((await listMailbox(t.db, owner, { to: 'nobody@' })).messages.length, 0);
  });

  it('takes % and _ in the search literally', async () => {
    assert.deepEqual(
      (await listMailbox(t.db, owner, { to: '%' })).messages.map((m) => m.id),
      [ids.pct],
    );
    assert.deepEqual(
      (await listMailbox(t.db, owner, { to: 'a_b' })).messages.map((m) => m.id),
      [ids.pct],
    );
  });

  it('limits the list and says so', async () => {
    const { messages, truncated } = await listMailbox(t.db, owner, { limit: 2 });
    assert.deepEqual(
      messages.map((m) => m.id),
      [ids.ada2, ids.pct],
    );
    assert.equal(truncated, true);
    assert.equal((await listMailbox(t.db, owner, { limit: 5 })).truncated, false);
  });

  it('reads one message by the id in its URL', async () => {
    const message = await getMailboxMessage(t.db, owner, String(ids.sms));
    assert.equal(message?.recipient, '+14155550100');
    assert.equal(message?.html, null);
    assert.equal((await getMailboxMessage(t.db, owner, ids.grace!))?.subject, 'Grace invite');
  });

  it('finds nothing for ids that are not a message', async () => {
    for (const id of ['0', '-1', 'abc', '1.5', '', ' 1', '01', '99999999999999999999', '999999999']) {
      assert.equal(await getMailboxMessage(t.db, owner, id), null, JSON.stringify(id));
    }
  });

  it('shows each administrator only the messages in their scope; set-password links only to owners and their own', async () => {
    const salesAdmin = await adminScope(t.db, 'sales.admin@acme.test');
    const globexOwner = await adminScope(t.db, 'owner@globex.test');
    const sales = await deliver(
      t.db,
      { accountId: await accountId(t.db, { orgCode: '2001' }) },
      {
        channel: 'email',
        recipient: 'sales.user@acme.test',
        subject: 'Sales invite',
        text: 'p',
      },
    );
    const globex = await deliver(
      t.db,
      { accountId: await accountId(t.db, { orgCode: '3000' }) },
      {
        channel: 'email',
        recipient: 'someone@globex.test',
        subject: 'Globex invite',
        text: 'q',
      },
    );
    const [ownerRow] = await t.db
      .select({ id: administrators.id })
      .from(administrators)
      .where(sql`${administrators.email} = 'owner@acme.test'`);
    const ownersLink = await deliver(
      t.db,
      { administratorId: ownerRow!.id },
      {
        channel: 'email',
        recipient: 'owner@acme.test',
        subject: 'Set your password',
        text: 'r',
      },
    );
    const salesLink = await deliver(
      t.db,
      { administratorId: salesAdmin.id },
      {
        channel: 'email',
        recipient: 'sales.admin@acme.test',
        subject: 'Set your password',
        text: 's',
      },
    );

    const visible = async (admin: AdminScope) =>
      new Set((await listMailbox(t.db, admin, { limit: 1000 })).messages.map((m) => m.id));
    const acme = await visible(owner);
    assert.ok(acme.has(sales) && acme.has(ownersLink) && acme.has(salesLink) && acme.has(ids.ada1!));
    assert.ok(!acme.has(globex), "another tenant's message stays hidden from Acme's owner");

    const subtree = await visible(salesAdmin);
    assert.ok(subtree.has(sales), 'an account message of the subtree');
    assert.ok(subtree.has(salesLink), 'their own set-password message');
    assert.ok(!subtree.has(ids.ada1!), 'an account message above the subtree');
    assert.ok(!subtree.has(ownersLink), "the owner's set-password message");
    assert.equal(await getMailboxMessage(t.db, salesAdmin, ownersLink), null, 'not by its id either');

    const other = await visible(globexOwner);
    assert.deepEqual([...other], [globex]);
    assert.equal(await getMailboxMessage(t.db, globexOwner, ids.sms!), null);
  });
});

describe('mailboxSubject', () => {
  it('prefers the subject, else the first non-blank line, else a placeholder', () => {
    assert.equal(mailboxSubject({ subject: ' Hello ', text: 'x' }), 'Hello');
    assert.equal(mailboxSubject({ subject: null, text: '\r\n  \r\n Code 123 \r\nmore' }), 'Code 123');
    assert.equal(mailboxSubject({ subject: '', text: '   ' }), '(no subject)');
  });
});

describe('findActivationLinks', () => {
  it('finds an account activation link and an administrator set-password link', () => {
    const text = [
      'Activate: https://portal.test/activate/AbC-123_x.',
      'Or visit (https://portal.test/invitations/admin/tok9).',
      'Set it: http://localhost:3000/set-password/q1w2e3, thanks',
      'Admin: https://portal.test/activate/admin/adm-7',
    ].join('\n');
    assert.deepEqual(findActivationLinks(text), [
      { url: 'https://portal.test/activate/AbC-123_x', kind: 'activation', label: 'Open activation link' },
      { url: 'https://portal.test/invitations/admin/tok9', kind: 'set-password', label: 'Open set-password link' },
      { url: 'http://localhost:3000/set-password/q1w2e3', kind: 'set-password', label: 'Open set-password link' },
      { url: 'https://portal.test/activate/admin/adm-7', kind: 'set-password', label: 'Open set-password link' },
    ]);
  });

  it('lists a link once and skips other links and non-http schemes', () => {
    const text = [
      'https://apps.apple.com/app/multiline',
      'https://portal.test/activate/t1',
      'https://portal.test/activate/t1',
      'javascript:alert(1)//activate/x',
      'ftp://portal.test/activate/t2',
      'https://portal.test/activate/',
    ].join(' ');
    assert.deepEqual(
      findActivationLinks(text).map((l) => l.url),
      ['https://portal.test/activate/t1'],
    );
    assert.deepEqual(findActivationLinks('no links here'), []);
  });
});

describe('isMailboxServed', () => {
  /** parseEnv of exactly these variables. */
  const envOf = (vars: Record<string, string>) => parseEnv(vars);

  it('serves the mailbox in demo mode or with DEV_MAILBOX=1, and only with no provider', () => {
    const deployment = 'postgres://u@db.example.com/app';
    assert.equal(isMailboxServed(envOf({})), true, 'demo mode');
    assert.equal(isMailboxServed(envOf({ RESEND_API_KEY: 're_x' })), false, 'demo mode with a provider');
    assert.equal(
      isMailboxServed(
        envOf({
          SMS_PROVIDER: 'twilio',
          TWILIO_ACCOUNT_SID: 'AC1',
          TWILIO_AUTH_TOKEN: 't',
          TWILIO_FROM: '+14155550199',
        }),
      ),
      false,
    );
    assert.equal(isMailboxServed(envOf({ DATABASE_URL: deployment })), false, 'a deployment never, unless asked');
    assert.equal(isMailboxServed(envOf({ DATABASE_URL: deployment, DEV_MAILBOX: '1' })), true);
    assert.equal(isMailboxServed(envOf({ DATABASE_URL: deployment, DEV_MAILBOX: '1', RESEND_API_KEY: 're_x' })), false);
  });
});
