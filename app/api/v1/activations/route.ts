import { z } from 'zod';
import { getDb } from '@/lib/db';
import { activateAccount, type ActivationFailure } from '@/lib/activation/activate-account';
import { activationRequestSchema, numberChoiceOf } from '@/lib/activation/activation-schemas';
import { requestMetaFrom } from '@/lib/audit/record-audit-event';

export const dynamic = 'force-dynamic';

/** No activation request comes near this; a larger body is refused before it is parsed. */
const MAX_BODY_CHARS = 16_384;

const STATUS: Record<ActivationFailure['code'] | 'invalid_request' | 'internal_error', number> = {
  invalid_request: 400,
  invalid_phone: 400,
  invalid_credentials: 401,
  invitation_expired: 410,
  invitation_superseded: 410,
  account_suspended: 403,
  invitation_used: 410,
  number_required: 409,
  number_taken: 409,
  phone_mismatch: 409,
  rate_limited: 429,
  internal_error: 500,
};

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

function error(
  code: keyof typeof STATUS,
  message: string,
  extra: { fields?: Record<string, string[] | undefined>; choices?: unknown } = {},
  headers: Record<string, string> = {},
) {
  return json(STATUS[code], { error: { code, message, ...extra } }, headers);
}

/**
 * The mobile app activates an account with the username and password of its invitation
 * (docs/product.md#activation; documented in docs/api.md). JSON in, JSON out, stable error codes; never a
 * stack trace.
 */
export async function POST(request: Request) {
  try {
    if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_CHARS) {
      return error('invalid_request', 'The request body is too large.');
    }
    const text = await request.text();
    if (text.length > MAX_BODY_CHARS) return error('invalid_request', 'The request body is too large.');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return error('invalid_request', 'The request body must be JSON.');
    }
    const parsed = activationRequestSchema.safeParse(body);
    if (!parsed.success) {
      return error('invalid_request', 'Some fields are missing or invalid.', {
        fields: z.flattenError(parsed.error).fieldErrors,
      });
    }

    const result = await activateAccount(await getDb(), {
      credentials: { username: parsed.data.username, password: parsed.data.password },
      personalPhone: parsed.data.personalPhone,
      numberChoice: numberChoiceOf(parsed.data),
      request: requestMetaFrom(request.headers),
    });

    if (result.ok) {
      return json(200, {
        status: 'active',
        organization: result.organizationName,
        username: result.username,
        number: result.number,
        reinstall: result.reinstall,
      });
    }
    switch (result.code) {
      case 'rate_limited':
        return error(result.code, result.message, {}, { 'Retry-After': String(result.retryAfterSeconds) });
      case 'number_required':
      case 'number_taken':
        return error(result.code, result.message, { choices: result.choices });
      case 'invalid_phone':
        return error(result.code, result.message, { fields: { personalPhone: [result.message] } });
      default:
        return error(result.code, result.message);
    }
  } catch (failure) {
    // The request body (with the password) is never logged; the error alone is.
    console.error('[api/v1/activations] failed', failure);
    return error('internal_error', 'Something went wrong on our side. Nothing was changed; try again in a moment.');
  }
}
