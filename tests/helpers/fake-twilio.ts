import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  to: string;
  from: string;
  body: string;
  authorization: string;
  path: string;
  /** The `StatusCallback` the SMS was sent with ('' when none). */
  statusCallback: string;
  /** The message sid this fake answered with. */
  sid: string;
}

/**
 * Twilio's request signature, written here from Twilio's documentation rather than imported from the
 * app, so the app's verifier is checked against an independent signer: HMAC-SHA1 (auth token) of the
 * URL followed by each parameter's name and value, sorted by name; base64.
 */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** A status callback as Twilio posts it (form body, `X-Twilio-Signature`), to `url`. */
export function twilioStatusRequest(
  url: string,
  params: Record<string, string>,
  options: { authToken: string; signature?: string | null },
): Request {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const signature =
    options.signature === undefined ? signTwilioRequest(options.authToken, url, params) : options.signature;
  if (signature !== null) headers['X-Twilio-Signature'] = signature;
  return new Request(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

/**
 * A local stand-in for Twilio's Messages API: answers from a script keyed by the recipient (…0400: a
 * 400 for an invalid number, …0401: a 401), records what it received, and sends status callbacks for
 * a message it accepted, signed with `authToken`, to the callback URL the message was sent with.
 */
export function startFakeTwilio(options: { authToken?: string } = {}) {
  const received: ReceivedSms[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      const to = form.get('To') ?? '';
      const status = to.endsWith('0400') ? 400 : to.endsWith('0401') ? 401 : 201;
      const sid = `SM${(received.length + 1).toString().padStart(32, '0')}`;
      received.push({
        to,
        from: form.get('From') ?? '',
        body: form.get('Body') ?? '',
        authorization: req.headers.authorization ?? '',
        path: req.url ?? '',
        statusCallback: form.get('StatusCallback') ?? '',
        sid: status === 201 ? sid : '',
      });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          status === 201 ? { sid } : { code: 21211, message: "The 'To' number is not a valid phone number." },
        ),
      );
    });
  });
  /** The callback Twilio would post for the SMS sent as `sid`, with `status` (sent, delivered, undelivered…). */
  const statusCallback = (sid: string, status: string, extra: Record<string, string> = {}) => {
    const sms = received.find((r) => r.sid === sid);
    if (!sms?.statusCallback) throw new Error(`fake Twilio: no message ${sid} with a StatusCallback`);
    const params = {
      AccountSid: 'AC123',
      From: sms.from,
      MessageSid: sid,
      MessageStatus: status,
      To: sms.to,
      ...extra,
    };
    return twilioStatusRequest(sms.statusCallback, params, { authToken: options.authToken ?? 'secret' });
  };
  return new Promise<{
    url: string;
    received: ReceivedSms[];
    statusCallback: typeof statusCallback;
    /** Posts the status callback to the callback URL over HTTP (a running app). */
    sendStatus: (sid: string, status: string) => Promise<Response>;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        statusCallback,
        sendStatus: (sid, status) => fetch(statusCallback(sid, status)),
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}
