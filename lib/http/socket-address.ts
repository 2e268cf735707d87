import 'server-only';
import type http from 'node:http';
import { CLIENT_ADDRESS_HEADER } from './client-address';
import { hookServerEvents } from './server-events';

/**
 * Stamps each incoming request with the address of its TCP connection, under a header name the
 * app owns (overwriting any value a client sent), and marks an absent X-Forwarded-For as empty.
 * Next.js exposes no socket to route handlers, so this is the one way the app can know who
 * connected when no trusted proxy says so.
 */
export function stampClientAddresses(): void {
  hookServerEvents('client-address', (_server, event, args) => {
    if (event !== 'request') return false;
    const request = args[0] as http.IncomingMessage;
    const address = request.socket?.remoteAddress;
    if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete request.headers[CLIENT_ADDRESS_HEADER];
    // Next.js fills a missing X-Forwarded-For with the socket's address, which behind a proxy is
    // the proxy's: an empty value keeps "no proxy named a client" visible to
    // lib/http/client-address.ts instead.
    request.headers['x-forwarded-for'] ??= '';
    return false;
  });
}
