import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { getEnv } from '@/lib/env';
import type {
  EmailBatchResult,
  EmailProvider,
  OutgoingEmail,
  OutgoingSms,
  SmsProvider,
  SmsResult,
} from '@/lib/delivery/provider-types';

/**
 * The development mailbox: "sends" by writing dev_mailbox_messages rows (shown at /dev/mailbox) and, in
 * demo mode only, a log line with the message's link. Idempotent per outbox message, like a real provider's key.
 */
async function deliverToMailbox(
  db: Db,
  rows: {
    messageId: number;
    channel: 'email' | 'sms';
    to: string;
    subject: string | null;
    html: string | null;
    text: string;
  }[],
): Promise<string[]> {
  const json = JSON.stringify(
    rows.map((r) => ({
      message_id: r.messageId,
      channel: r.channel,
      recipient: r.to,
      subject: r.subject,
      html: r.html,
      text: r.text,
    })),
  );
  const inserted = await queryRows<{ id: string | number; outbox_message_id: string | number }>(
    db,
    sql`insert into dev_mailbox_messages (channel, recipient, subject, html, text, outbox_message_id)
        select v.channel::channel, v.recipient, v.subject, v.html, v.text, v.message_id
        from jsonb_to_recordset(${json}::jsonb)
          as v(message_id bigint, channel text, recipient text, subject text, html text, text text)
        where not exists (select 1 from dev_mailbox_messages d where d.outbox_message_id = v.message_id)
        returning id, outbox_message_id`,
  );
  const existing = await queryRows<{ id: string | number; outbox_message_id: string | number }>(
    db,
    sql`select min(id) as id, outbox_message_id from dev_mailbox_messages
        where outbox_message_id = any(${`{${rows.map((r) => r.messageId).join(',')}}`}::bigint[])
        group by outbox_message_id`,
  );
  const byMessage = new Map<number, string>();
  for (const row of [...existing, ...inserted]) byMessage.set(Number(row.outbox_message_id), `mailbox_${row.id}`);
  // Activation links in the log are a demo convenience: a deployment's logs never carry them.
  if (getEnv().demoMode) {
    for (const row of rows) {
      console.info(`[mailbox] ${row.channel === 'sms' ? 'SMS' : 'invitation'} for ${row.to}: ${firstLink(row.text)}`);
    }
  }
  return rows.map((r) => byMessage.get(r.messageId) ?? `mailbox_${r.messageId}`);
}

function firstLink(text: string): string {
  return /https?:\/\/\S+/.exec(text)?.[0] ?? '(no link)';
}

export class MailboxEmailProvider implements EmailProvider {
  readonly name = 'mailbox:email';
  readonly maxBatchSize = 100;
  readonly rateLimited = false;
  constructor(private readonly db: Db) {}

  async sendBatch(emails: OutgoingEmail[]): Promise<EmailBatchResult> {
    const ids = await deliverToMailbox(
      this.db,
      emails.map((e) => ({
        messageId: e.messageId,
        channel: 'email',
        to: e.to,
        subject: e.subject,
        html: e.html,
        text: e.text,
      })),
    );
    return { ok: true, providerMessageIds: ids };
  }
}

export class MailboxSmsProvider implements SmsProvider {
  readonly name = 'mailbox:sms';
  readonly rateLimited = false;
  constructor(private readonly db: Db) {}

  async send(sms: OutgoingSms): Promise<SmsResult> {
    const [id] = await deliverToMailbox(this.db, [
      { messageId: sms.messageId, channel: 'sms', to: sms.to, subject: null, html: null, text: sms.body },
    ]);
    return { ok: true, providerMessageId: id! };
  }
}
