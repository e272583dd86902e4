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
  for (const proto of [http.Server.prototype, https.Server.prototype]) {
    if (Reflect.get(proto, installed)) continue;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the server as `this`
    const emit: (this: http.Server, event: string, ...args: unknown[]) => boolean = proto.emit;
    proto.emit = function (this: http.Server, event: string, ...args: unknown[]): boolean {
      if (event === 'request' && args[0] instanceof http.IncomingMessage) {
        args[0].headers[PEER_ADDRESS_HEADER] = args[0].socket?.remoteAddress ?? '';
      }
      return emit.call(this, event, ...args);
    };
    Reflect.set(proto, installed, true);
  }
}
