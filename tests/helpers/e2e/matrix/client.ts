/**
 * HTTP as the browser (or the mobile app, or a script) speaks it to the server: sessions through
 * next-auth's credentials flow, server actions as React encodes their arguments, route handlers with
 * their methods. Each role is a cookie jar of its own: one session cookie, sent explicitly, so no
 * answer (Sign out's, for one) changes what the next call carries.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The encoder the browser runs (Next.js's own copy of React's Flight client): a JSON string for
// plain arguments, multipart form data as soon as one argument is a FormData.
const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.edge') as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

export interface Exchange {
  /** What was sent (URL, headers that carry data, body), so an echo of the input is not a leak. */
  sent: string;
  status: number;
  location: string | null;
  body: string;
}

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]!);

export async function send(
  baseURL: string,
  cookie: string,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string | FormData } = {},
): Promise<Exchange> {
  const headers: Record<string, string> = { ...init.headers };
  if (cookie) headers.cookie = cookie;
  const response = await fetch(new URL(path, baseURL), { method, headers, body: init.body, redirect: 'manual' });
  const body = await response.text();
  const sentBody =
    typeof init.body === 'string'
      ? init.body
      : init.body
        ? [...init.body.entries()].map(([k, v]) => `${k}=${typeof v === 'string' ? v : '(file)'}`).join('&')
        : '';
  return {
    sent: `${method} ${path}\n${JSON.stringify(init.headers ?? {})}\n${sentBody}`,
    status: response.status,
    location: response.headers.get('location'),
    body,
  };
}

/** Calls a server action by its id, POSTed to a page that has it, as a same-origin browser would. */
export async function callAction(
  baseURL: string,
  cookie: string,
  actionId: string,
  page: string,
  args: unknown[],
): Promise<Exchange> {
  const encoded = await encodeReply(args);
  const headers: Record<string, string> = {
    'Next-Action': actionId,
    Accept: 'text/x-component',
    Origin: baseURL,
  };
  if (typeof encoded === 'string') headers['Content-Type'] = 'text/plain;charset=UTF-8';
  return send(baseURL, cookie, 'POST', page, { headers, body: encoded });
}

/** The CSRF token of next-auth's endpoints, with the cookie that goes with it. */
export async function csrf(baseURL: string, cookie: string): Promise<{ token: string; cookie: string }> {
  const response = await fetch(new URL('/api/auth/csrf', baseURL), { headers: cookie ? { cookie } : {} });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { token: csrfToken, cookie: [cookie, ...cookiesOf(response)].filter(Boolean).join('; ') };
}

/** Signs in through next-auth's credentials endpoint (what the Sign in form's action does) and answers the session cookie. */
export async function signIn(baseURL: string, email: string, password: string): Promise<string> {
  const { token, cookie } = await csrf(baseURL, '');
  const response = await fetch(new URL('/api/auth/callback/credentials', baseURL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken: token, email, password }),
    redirect: 'manual',
  });
  const session = cookiesOf(response).find((c) => /session-token=./.test(c));
  if (response.status !== 302 || !session) throw new Error(`Could not sign in ${email} (status ${response.status})`);
  return session;
}
