import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devMailboxMessages } from '@/db/schema';
import {
  findActivationLinks,
  getMailboxMessage,
  isMailboxServed,
  listMailbox,
  mailboxSubject,
} from '@/lib/delivery/mailbox';
import { parseEnv } from '@/lib/env';
import { type TestDatabase, createTestDatabase } from '../helpers/test-db';

describe('development mailbox data', () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};

  before(async () => {
    t = await createTestDatabase();
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
    for (const { key, ...row } of rows) {
      const [inserted] = await t.db
        .insert(devMailboxMessages)
        .values({ ...row, html: row.channel === 'email' ? '<p>hi</p>' : null })
        .returning({ id: devMailboxMessages.id });
      ids[key] = inserted!.id;
    }
  });
  after(async () => {
    await t?.close();
  });

  it('lists newest first, with an SMS titled by its first line', async () => {
    const { messages, truncated } = await listMailbox(t.db);
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
    const ada = await listMailbox(t.db, { to: 'ADA.lovelace' });
    assert.deepEqual(
      ada.messages.map((m) => m.id),
      [ids.ada2, ids.ada1],
    );
    const phone = await listMailbox(t.db, { to: '4155550100' });
    assert.deepEqual(
      phone.messages.map((m) => m.id),
      [ids.sms],
    );
    assert.equal((await listMailbox(t.db, { to: 'nobody@' })).messages.length, 0);
  });

  it('takes % and _ in the search literally', async () => {
    assert.deepEqual(
      (await listMailbox(t.db, { to: '%' })).messages.map((m) => m.id),
      [ids.pct],
    );
    assert.deepEqual(
      (await listMailbox(t.db, { to: 'a_b' })).messages.map((m) => m.id),
      [ids.pct],
    );
  });

  it('limits the list and says so', async () => {
    const { messages, truncated } = await listMailbox(t.db, { limit: 2 });
    assert.deepEqual(
      messages.map((m) => m.id),
      [ids.ada2, ids.pct],
    );
    assert.equal(truncated, true);
    assert.equal((await listMailbox(t.db, { limit: 5 })).truncated, false);
  });

  it('reads one message by the id in its URL', async () => {
    const message = await getMailboxMessage(t.db, String(ids.sms));
    assert.equal(message?.recipient, '+14155550100');
    assert.equal(message?.html, null);
    assert.equal((await getMailboxMessage(t.db, ids.grace!))?.subject, 'Grace invite');
  });

  it('finds nothing for ids that are not a message', async () => {
    for (const id of ['0', '-1', 'abc', '1.5', '', ' 1', '01', '99999999999999999999', '999999999']) {
      assert.equal(await getMailboxMessage(t.db, id), null, JSON.stringify(id));
    }
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

  it('serves the mailbox only with no provider and outside production', () => {
    assert.equal(isMailboxServed(envOf({})), true);
    assert.equal(isMailboxServed(envOf({ VERCEL_ENV: 'preview' })), true);
    assert.equal(isMailboxServed(envOf({ RESEND_API_KEY: 're_x' })), false);
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
    // Production refuses to start without RESEND_API_KEY, so the flag alone is checked here.
    assert.equal(isMailboxServed({ mailboxMode: true, VERCEL_ENV: 'production' }), false);
  });
});
