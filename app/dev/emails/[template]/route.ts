import { isMailboxServed } from '@/lib/delivery/mailbox';
import { EMAIL_PREVIEWS } from '@/lib/delivery/previews';
import { renderEmail, renderSms } from '@/lib/delivery/render';
import { getCurrentAdmin } from '@/lib/auth/current-admin';
import { getEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** GET /dev/emails/<preview>[?format=text|sms]: one template rendered with its preview props. */
export async function GET(request: Request, { params }: { params: Promise<{ template: string }> }) {
  const preview = EMAIL_PREVIEWS[(await params).template];
  if (!isMailboxServed(getEnv()) || !preview) return new Response('Not found', { status: 404 });
  if (!(await getCurrentAdmin())) return new Response('Sign in first.', { status: 401 });
  const format = new URL(request.url).searchParams.get('format');
  if (format === 'sms') return textResponse(renderSms(preview.template, preview.props));
  const email = await renderEmail(preview.template, preview.props);
  if (format === 'text') return textResponse(`Subject: ${email.subject}\n\n${email.text}`);
  return new Response(email.html, {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "script-src 'none'" },
  });
}

function textResponse(body: string) {
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
