import http from 'node:http';
import https from 'node:https';
import { PEER_ADDRESS_HEADER } from '@/lib/client-address';

const installed = Symbol.for('multiline.peerAddressHeader');

/**
 * Next.js hands route handlers, server actions and the proxy a copy of the request's headers but
 * never its socket, and it keeps a client's own X-Forwarded-For as it came. So, once per process,
 * every incoming request gets PEER_ADDRESS_HEADER set from its socket before Next.js sees it,
 * replacing any value the client sent. Installed from instrumentation.ts (Node.js runtime), which
 * runs before the server answers its first request; a request without the header counts as an
 * unknown address, never as one it claims.
 */
export function installPeerAddressHeader(): void {
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as unknown as Record<symbol, boolean> & {
      emit: (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    };
    if (proto[installed]) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const request = args[0] as http.IncomingMessage;
        request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? '';
      }
      return emit.call(this, event, ...args);
    };
    proto[installed] = true;
  }
}
