import type { EmailBatchResult, OutgoingEmail, Providers, SmsResult } from '@/lib/delivery/provider-types';
import { renderEmail, renderSms } from '@/lib/delivery/render';
import type { TemplateName, TemplateProps } from '@/lib/delivery/types';
import type { Job, Member } from '@/lib/outbox/claim';
import { openPayload } from '@/lib/outbox/sealed-payload';

/** A job's members rendered, ready to send; those that could not be rendered, with why. */
export interface Prepared {
  ready: { member: Member; email?: OutgoingEmail; sms?: string }[];
  unrenderable: Map<number, string>;
}

export interface Outcome {
  result: EmailBatchResult | SmsResult;
  /** Provider id per member id, on success. */
  providerIds: Map<number, string>;
  /** Members that could not be rendered (they fail alone; the rest of the batch is sent). */
  unrenderable: Map<number, string>;
}

/** Opens and renders each member; one that cannot be rendered fails alone, the others are sent. */
export async function prepareJob(job: Job): Promise<Prepared> {
  const unrenderable = new Map<number, string>();
  const ready: Prepared['ready'] = [];
  for (const member of job.members) {
    try {
      const props = openPayload<TemplateProps[TemplateName]>(member.payload);
      const template = member.template as TemplateName;
      if (job.channel === 'email') {
        const email = await renderEmail(template, props);
        ready.push({ member, email: { messageId: member.id, to: member.recipient, ...email } });
      } else {
        ready.push({ member, sms: renderSms(template, props) });
      }
    } catch (error) {
      unrenderable.set(member.id, `Cannot render the message: ${describeError(error)}`);
    }
  }
  return { ready, unrenderable };
}

/** Makes the job's one provider request; a provider that throws is a transient failure. */
export async function sendJob(job: Job, { ready, unrenderable }: Prepared, providers: Providers): Promise<Outcome> {
  const providerIds = new Map<number, string>();
  if (ready.length === 0) {
    return {
      result: { ok: false, kind: 'invalid', error: 'Nothing to send in this batch' },
      providerIds,
      unrenderable,
    };
  }

  let result: EmailBatchResult | SmsResult;
  try {
    if (job.channel === 'email') {
      const sent = await providers.email.sendBatch(
        ready.map((r) => r.email!),
        { idempotencyKey: job.batchId },
      );
      if (sent.ok) ready.forEach((r, i) => providerIds.set(r.member.id, sent.providerMessageIds[i] ?? ''));
      result = sent;
    } else {
      const only = ready[0]!;
      result = await providers.sms.send(
        { messageId: only.member.id, to: only.member.recipient, body: only.sms! },
        { idempotencyKey: job.batchId },
      );
      if (result.ok) providerIds.set(only.member.id, result.providerMessageId);
    }
  } catch (error) {
    result = { ok: false, kind: 'transient', error: `Provider error: ${describeError(error)}` };
  }
  return { result, providerIds, unrenderable };
}

/**
 * A thrown error's message for last_error and the log, without secrets: a database error's own
 * message (drizzle's wrapper quotes the query's parameters, which hold the rendered email).
 */
export function describeError(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const source = cause instanceof Error ? cause : error;
  const message = source instanceof Error ? source.message : 'unknown error';
  return message.split('\n')[0]!.slice(0, 200);
}
