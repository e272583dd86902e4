import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { processTwilioCallbackRequest, twilioCallbackUrl } from '@/lib/delivery/twilio-callbacks';

/**
 * Twilio's SMS status callbacks (sent, delivered, undelivered, failed). Public, like every machine
 * endpoint: the X-Twilio-Signature (HMAC-SHA1 with TWILIO_AUTH_TOKEN over the callback URL, built
 * from APP_URL, and the posted parameters) is what authenticates the caller. Other methods get
 * Next.js's 405.
 */
export async function POST(request: Request): Promise<Response> {
  let authToken: string | undefined;
  let callbackUrl: string;
  try {
    const env = getEnv();
    authToken = env.TWILIO_AUTH_TOKEN;
    callbackUrl = twilioCallbackUrl(env.appUrl);
  } catch (error) {
    console.error('[webhooks] configuration error', error);
    return Response.json({ error: 'webhooks_not_configured' }, { status: 503 });
  }
  return processTwilioCallbackRequest(request, { authToken, callbackUrl, getDb });
}
