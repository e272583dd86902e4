import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { outboxMessages } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import type { TemplateName, TemplateProps } from '@/lib/delivery/types';
import { sealPayload } from '@/lib/outbox/sealed-payload';

export interface OutboxInput<T extends TemplateName = TemplateName> {
  channel: 'email' | 'sms';
  recipient: string;
  template: T;
  props: TemplateProps[T];
  invitationId?: string | null;
}

/** The columns the insert fills, in the order of its arrays. */
const columns = sql.join(
  [
    outboxMessages.channel,
    outboxMessages.recipient,
    outboxMessages.template,
    outboxMessages.payload,
    outboxMessages.invitationId,
    outboxMessages.idempotencyKey,
  ].map((column) => sql.identifier(column.name)),
  sql`, `,
);

/**
 * Queues messages; call it inside the transaction of the change that causes them, so both commit or
 * neither does. Nothing is sent here: the drainer (lib/outbox/drain.ts) sends after the commit.
 */
export async function enqueueMessages(tx: Db, messages: OutboxInput[]): Promise<void> {
  if (messages.length === 0) return;
  // One array parameter per column (unnest), in chunks of 5,000: a 50,000-row import is ten
  // statements of six parameters, not 300,000 bind parameters to build, send and plan.
  for (let i = 0; i < messages.length; i += 5000) {
    const chunk = messages.slice(i, i + 5000);
    await tx.execute(sql`
      insert into ${outboxMessages} (${columns})
      select * from unnest(
        ${pgArray(chunk.map((m) => m.channel))}::channel[],
        ${pgArray(chunk.map((m) => m.recipient))}::text[],
        ${pgArray(chunk.map((m) => m.template))}::text[],
        ${pgArray(chunk.map((m) => JSON.stringify(sealPayload(m.props))))}::jsonb[],
        ${pgArray(chunk.map((m) => m.invitationId ?? null))}::uuid[],
        ${pgArray(chunk.map(() => `msg_${randomUUID()}`))}::text[])`);
  }
}
