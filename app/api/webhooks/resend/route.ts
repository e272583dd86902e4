import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { processResendWebhookRequest } from '@/lib/delivery/webhooks';

/**
 * Resend's delivery webhooks (sent, delivered, bounced, complained, failed). Public, like every
 * machine endpoint: the signature (RESEND_WEBHOOK_SECRET) is what authenticates the caller.
 * Other methods get Next.js's 405.
 */
export async function POST(request: Request): Promise<Response> {
  let secret: string | undefined;
  try {
    secret = getEnv().RESEND_WEBHOOK_SECRET;
  } catch (error) {
    console.error('[webhooks] configuration error', error);
    return Response.json({ error: 'webhooks_not_configured' }, { status: 503 });
  }
  return processResendWebhookRequest(request, { secret, getDb });
}
