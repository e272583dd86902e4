import { isIP } from 'node:net';
import { type Env, getEnv } from '@/lib/env';

/**
 * The request header that carries the TCP peer's address. The server sets it on every request from
 * the socket (lib/peer-address.ts, installed at start-up), overwriting whatever a client sent.
 */
export const PEER_ADDRESS_HEADER = 'x-multiline-peer-address';

/**
 * Who is asking, as throttling and the Activity page see it: the socket's address, unless the
 * deployment trusts a proxy in front of it. On Vercel, Vercel's own headers (its edge overwrites
 * X-Forwarded-For and sets X-Real-IP). With TRUST_PROXY=N, the address the outermost of N trusted
 * proxies saw: the Nth entry from the right of X-Forwarded-For, so entries a client wrote itself,
 * which are always further left, are never read. Null when unknown.
 */
export function clientAddress(headers: Headers, env: Pick<Env, 'onVercel' | 'TRUST_PROXY'> = getEnv()): string | null {
  if (env.onVercel) return valid(headers.get('x-real-ip')) ?? valid(firstForwarded(headers));
  const hops = env.TRUST_PROXY ?? 0;
  if (hops > 0) {
    const chain = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (chain.length > 0) return valid(chain[Math.max(0, chain.length - hops)]);
  }
  return valid(headers.get(PEER_ADDRESS_HEADER));
}

function firstForwarded(headers: Headers): string | null {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? null;
}

/** An IP address (IPv4-mapped IPv6 shortened to IPv4), else null: a header is never trusted as text. */
function valid(address: string | null | undefined): string | null {
  if (!address) return null;
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return isIP(plain) ? plain : null;
}
