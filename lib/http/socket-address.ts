import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { CLIENT_ADDRESS_HEADER } from './client-address';

/**
 * Stamps each incoming request with the address of its TCP connection, under a header name the
 * app owns (overwriting any value a client sent), and marks an absent X-Forwarded-For as empty. Next.js exposes no socket to route handlers, so
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
        // Next.js fills a missing X-Forwarded-For with the socket's address, which behind a proxy
        // is the proxy's: an empty value keeps "no proxy named a client" visible to
        // lib/http/client-address.ts instead.
        request.headers['x-forwarded-for'] ??= '';
      }
      return emit.call(this, event, ...args);
    } as typeof prototype.emit;
    prototype.__authClientAddress = true;
  }
}
