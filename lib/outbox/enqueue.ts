import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { outboxMessages } from '@/db/schema';
import type { TemplateName, TemplateProps } from '@/lib/delivery/types';
import { sealPayload } from '@/lib/outbox/sealed-payload';

export interface OutboxInput<T extends TemplateName = TemplateName> {
  channel: 'email' | 'sms';
  recipient: string;
  template: T;
  props: TemplateProps[T];
  invitationId?: string | null;
}

/**
 * Queues messages; call it inside the transaction of the change that causes them, so both commit or
 * neither does. Nothing is sent here: the drainer (lib/outbox/drain.ts) sends after the commit.
 */
export async function enqueueMessages(tx: Db, messages: OutboxInput[]): Promise<void> {
  if (messages.length === 0) return;
  const rows = messages.map((m) => ({
    channel: m.channel,
    recipient: m.recipient,
    template: m.template,
    payload: sealPayload(m.props),
    invitationId: m.invitationId ?? null,
    idempotencyKey: `msg_${randomUUID()}`,
  }));
  // Chunked: a 50,000-row import stays under Postgres's 65,535 bind parameters per statement.
  for (let i = 0; i < rows.length; i += 5000) {
    await tx.insert(outboxMessages).values(rows.slice(i, i + 5000));
  }
}
