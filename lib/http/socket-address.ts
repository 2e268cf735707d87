import http from 'node:http';
import https from 'node:https';
import { CLIENT_ADDRESS_HEADER } from './client-address';

/**
 * Stamps each incoming request with the address of its TCP connection, under a header name the
 * app owns (overwriting any value a client sent). Next.js exposes no socket to route handlers, so
 * this is the one way the app can know who connected when no trusted proxy says so. Installed once
 * at server start (instrumentation), before the first request is handled.
 */
export function stampClientAddresses(): void {
  for (const Server of [http.Server, https.Server]) {
    const prototype = Server.prototype as http.Server & { __authClientAddress?: true };
    if (prototype.__authClientAddress) continue;
    const emit = prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
    prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const request = args[0] as http.IncomingMessage;
        const address = request.socket?.remoteAddress;
        if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
        else delete request.headers[CLIENT_ADDRESS_HEADER];
      }
      return emit.call(this, event, ...args);
    } as typeof prototype.emit;
    prototype.__authClientAddress = true;
  }
}
