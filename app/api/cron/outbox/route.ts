import { timingSafeEqual } from 'node:crypto';
import { getDb } from '@/lib/db';
import { providersFromEnv } from '@/lib/delivery/providers';
import { getEnv } from '@/lib/env';
import { runMaintenanceIfDue } from '@/lib/maintenance';
import { drainOutbox } from '@/lib/outbox/drain';

/** Vercel Cron calls this every minute (vercel.json) with `Authorization: Bearer $CRON_SECRET`. */
export const maxDuration = 60;

function authorized(header: string | null, secret: string): boolean {
  const expected = Buffer.from(`Bearer ${secret}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request) {
  const secret = getEnv().CRON_SECRET;
  if (!secret) {
    return Response.json({ error: 'cron_not_configured', message: 'CRON_SECRET is not set.' }, { status: 503 });
  }
  if (!authorized(request.headers.get('authorization'), secret)) {
    return Response.json({ error: 'unauthorized' }, { status: 401 });
  }
  try {
    const db = await getDb();
    // New requests stop at 40 s; one in flight may take its timeout (15 s) more, inside maxDuration.
    const counts = await drainOutbox(db, { providers: providersFromEnv(db), deadlineMs: 40_000 });
    const maintenance = await runMaintenanceIfDue(db);
    return Response.json({ ok: true, ...counts, ...(maintenance ? { maintenance } : {}) });
  } catch (error) {
    console.error('[outbox] cron drain failed:', error instanceof Error ? error.message : error);
    return Response.json({ error: 'drain_failed' }, { status: 500 });
  }
}
