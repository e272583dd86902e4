import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fake Resend API on a real HTTP server, for the tests and the delivery benchmark: the SDK talks to
 * it through `baseUrl` (or RESEND_BASE_URL) exactly as to api.resend.com.
 *
 * - `POST /emails/batch` (≤ 100 emails) and `POST /emails`, Bearer auth, JSON bodies;
 * - `Idempotency-Key`: the same key and body get the original answer and nothing is sent again; the
 *   same key with another body gets 409 invalid_idempotent_request; a key still being processed gets
 *   409 concurrent_idempotent_requests;
 * - a rate limit of `rate` requests per fixed one-second window, with `ratelimit-*` headers on every
 *   answer and 429 + `retry-after` past it;
 * - scripted faults by request number: an error status, slowness, a dropped connection before or
 *   after the batch was accepted, or a request held open (accepted, never answered);
 * - a batch with a recipient matching `invalidRecipient` is refused whole with 422, nothing sent.
 * It records every accepted email and counts duplicates by the X-Entity-Ref-ID header.
 */
export type Fault =
  | { kind: 'status'; status: number; name?: string; retryAfter?: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'drop-before' }
  | { kind: 'drop-after' }
  | { kind: 'hold' };

export interface FakeResendOptions {
  apiKey?: string;
  /** Requests per second; unlimited when unset. */
  rate?: number;
  /** Called for each authenticated, non-rate-limited request (n from 1). */
  fault?: (n: number, info: { path: string; idempotencyKey: string | undefined }) => Fault | undefined;
  invalidRecipient?: RegExp;
  port?: number;
}

export interface AcceptedEmail {
  id: string;
  refId: string | undefined;
  to: string;
  subject: string;
  text: string;
  htmlLength: number;
  idempotencyKey: string | undefined;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  accepted: AcceptedEmail[];
  /** Accepted emails whose X-Entity-Ref-ID had already been accepted. */
  readonly duplicates: number;
  /** Every request received, including refused ones. */
  readonly requests: number;
  readonly rateLimited: number;
  readonly replays: number;
  /** Resolves when `count` requests are being held open. */
  waitForHeld: (count?: number) => Promise<void>;
  /** Distinct X-Entity-Ref-IDs accepted. */
  acceptedRefIds: () => Set<string>;
  close: () => Promise<void>;
}

interface StoredAnswer {
  bodyHash: string;
  status: number;
  body: string;
}

export const FAKE_RESEND_KEY = 're_fake_test_key_000000';

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? FAKE_RESEND_KEY;
  const accepted: AcceptedEmail[] = [];
  const seenRefs = new Set<string>();
  const answers = new Map<string, StoredAnswer>();
  const inProgress = new Set<string>();
  const held = new Set<ServerResponse>();
  const heldWaiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  let duplicates = 0;
  let requests = 0;
  let counted = 0;
  let rateLimited = 0;
  let replays = 0;
  let windowStart = 0;
  let windowCount = 0;

  const rateHeaders = (res: ServerResponse, now: number) => {
    if (!options.rate) return;
    const resetSeconds = Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
    res.setHeader('ratelimit-limit', String(options.rate));
    res.setHeader('ratelimit-remaining', String(Math.max(0, options.rate - windowCount)));
    res.setHeader('ratelimit-reset', String(resetSeconds));
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, name: string, message: string) =>
    send(res, status, { statusCode: status, name, message });

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  /** A text field of a request's email; the portal sends strings, anything else reads as empty. */
  const stringField = (value: unknown) => (typeof value === 'string' ? value : '');
  const accept = (emails: Record<string, unknown>[], key: string | undefined) =>
    emails.map((e) => {
      const headers = (e.headers ?? {}) as Record<string, string>;
      const refId = headers['X-Entity-Ref-ID'] ?? headers['x-entity-ref-id'];
      if (refId !== undefined) {
        if (seenRefs.has(refId)) duplicates++;
        seenRefs.add(refId);
      }
      const id = randomUUID();
      accepted.push({
        id,
        refId,
        to: Array.isArray(e.to) ? String(e.to[0]) : String(e.to),
        subject: stringField(e.subject),
        text: stringField(e.text),
        htmlLength: stringField(e.html).length,
        idempotencyKey: key,
      });
      return { id };
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const path = (req.url ?? '/').split('?')[0]!;
    const body = await readBody(req);
    if (req.method !== 'POST' || (path !== '/emails/batch' && path !== '/emails')) {
      return error(res, 404, 'not_found', 'The requested endpoint does not exist.');
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return error(res, 401, 'invalid_api_key', 'API key is invalid');
    }
    const now = Date.now();
    if (options.rate) {
      // A fixed one-second window, opened by the first request after the previous one ended.
      if (now - windowStart >= 1000) {
        windowStart = now;
        windowCount = 0;
      }
      if (windowCount >= options.rate) {
        rateLimited++;
        rateHeaders(res, now);
        res.setHeader('retry-after', String(Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000))));
        return error(res, 429, 'rate_limit_exceeded', 'Too many requests. You can only make 10 requests per second.');
      }
      windowCount++;
      rateHeaders(res, now);
    }
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    counted++;
    const fault = options.fault?.(counted, { path, idempotencyKey: key });
    if (fault?.kind === 'status') {
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', String(fault.retryAfter));
      return error(res, fault.status, fault.name ?? 'internal_server_error', 'Scripted failure');
    }
    if (fault?.kind === 'drop-before') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));

    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return error(res, 422, 'validation_error', 'Invalid JSON body');
    }
    const emails = (path === '/emails' ? [parsed] : parsed) as Record<string, unknown>[];
    if (!Array.isArray(emails) || emails.length === 0 || emails.length > 100) {
      return error(res, 422, 'validation_error', 'A batch holds 1 to 100 emails');
    }
    for (const e of emails) {
      if (!e || typeof e !== 'object' || !e.from || !e.to || !e.subject || !(e.html || e.text)) {
        return error(res, 422, 'missing_required_field', 'from, to, subject and html or text are required');
      }
      const to = Array.isArray(e.to) ? e.to : [e.to];
      if (options.invalidRecipient && to.some((t) => options.invalidRecipient!.test(String(t)))) {
        return error(res, 422, 'validation_error', 'Invalid `to` field.');
      }
    }

    const bodyHash = createHash('sha256').update(path).update(body).digest('hex');
    if (key) {
      const stored = answers.get(key);
      if (stored) {
        if (stored.bodyHash !== bodyHash) {
          return error(
            res,
            409,
            'invalid_idempotent_request',
            'Same idempotency key used with a different request body.',
          );
        }
        replays++;
        return send(res, stored.status, stored.body);
      }
      if (inProgress.has(key)) {
        return error(
          res,
          409,
          'concurrent_idempotent_requests',
          'Same idempotency key used while the original is in progress.',
        );
      }
      inProgress.add(key);
    }
    const ids = accept(emails, key);
    const answer = JSON.stringify(path === '/emails' ? ids[0] : { data: ids });
    if (key) {
      answers.set(key, { bodyHash, status: 200, body: answer });
      inProgress.delete(key);
    }
    if (fault?.kind === 'drop-after') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hold') {
      held.add(res);
      for (const w of [...heldWaiters]) {
        if (held.size >= w.count) {
          heldWaiters.splice(heldWaiters.indexOf(w), 1);
          w.resolve();
        }
      }
      res.on('close', () => held.delete(res));
      return;
    }
    send(res, 200, answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) error(res, 500, 'internal_server_error', 'Fake server failure');
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    accepted,
    get duplicates() {
      return duplicates;
    },
    get requests() {
      return requests;
    },
    get rateLimited() {
      return rateLimited;
    },
    get replays() {
      return replays;
    },
    waitForHeld: (count = 1) =>
      held.size >= count ? Promise.resolve() : new Promise<void>((resolve) => heldWaiters.push({ count, resolve })),
    acceptedRefIds: () => new Set(accepted.map((a) => a.refId).filter((r): r is string => r !== undefined)),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
