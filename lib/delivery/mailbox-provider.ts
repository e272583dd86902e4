import { inArray, min } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type DevMailboxMessage, devMailboxMessages } from '@/db/schema';
import { getEnv } from '@/lib/env';
import type {
  EmailBatchResult,
  EmailProvider,
  OutgoingEmail,
  OutgoingSms,
  SmsProvider,
  SmsResult,
} from '@/lib/delivery/provider-types';

interface MailboxDelivery extends Pick<DevMailboxMessage, 'channel' | 'subject' | 'html' | 'text'> {
  messageId: number;
  to: string;
}

/**
 * The development mailbox: "sends" by writing dev_mailbox_messages rows (shown at /dev/mailbox) and, in
 * demo mode only, a log line with the message's link. Idempotent per outbox message, like a real provider's key.
 */
async function deliverToMailbox(db: Db, rows: MailboxDelivery[]): Promise<string[]> {
  const byMessage = await alreadyDelivered(db, rows);
  const fresh = rows.filter((r) => !byMessage.has(r.messageId));
  if (fresh.length > 0) {
    const inserted = await db
      .insert(devMailboxMessages)
      .values(
        fresh.map((r) => ({
          channel: r.channel,
          recipient: r.to,
          subject: r.subject,
          html: r.html,
          text: r.text,
          outboxMessageId: r.messageId,
        })),
      )
      .returning({ id: devMailboxMessages.id, outboxMessageId: devMailboxMessages.outboxMessageId });
    for (const row of inserted) byMessage.set(Number(row.outboxMessageId), `mailbox_${row.id}`);
  }
  // Activation links in the log are a demo convenience: a deployment's logs never carry them.
  if (getEnv().demoMode) {
    for (const row of rows) {
      console.info(`[mailbox] ${row.channel === 'sms' ? 'SMS' : 'invitation'} for ${row.to}: ${firstLink(row.text)}`);
    }
  }
  return rows.map((r) => byMessage.get(r.messageId) ?? `mailbox_${r.messageId}`);
}

/** The mailbox id of each of these outbox messages already delivered (by a retried request), by outbox message id. */
async function alreadyDelivered(db: Db, rows: MailboxDelivery[]): Promise<Map<number, string>> {
  const existing = await db
    .select({ id: min(devMailboxMessages.id), outboxMessageId: devMailboxMessages.outboxMessageId })
    .from(devMailboxMessages)
    .where(
      inArray(
        devMailboxMessages.outboxMessageId,
        rows.map((r) => r.messageId),
      ),
    )
    .groupBy(devMailboxMessages.outboxMessageId);
  return new Map(existing.map((row) => [Number(row.outboxMessageId), `mailbox_${row.id}`]));
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
