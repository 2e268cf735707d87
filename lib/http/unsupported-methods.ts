import 'server-only';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { errors } from './errors';
import { errorBody } from './respond';
import { hookServerEvents } from './server-events';
import { STATIC_SECURITY_HEADERS } from './static-security-headers.mjs';

/**
 * The methods the app's routes and pages answer. Every other one is refused here, in the Node
 * server, before Next.js sees it: Next builds a WHATWG `Request` for the middleware and for every
 * route, and the Fetch standard forbids `TRACE`, `TRACK` and `CONNECT` there, so Next answered
 * `TRACE` on any path with a 500 and logged a stack for each one. Methods Node knows but the app
 * does not (`PROPFIND`, `QUERY`...) reached the routes as an empty 400, or rendered a page.
 */
const SERVED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const SERVED = new Set(SERVED_METHODS);

// Before routing, the answer cannot name what one path allows: it names what the server serves at
// all, and an OPTIONS request to the path gives that path's own list.
const REFUSAL = errors.methodNotAllowed(SERVED_METHODS);
const BODY = JSON.stringify(errorBody(REFUSAL));
const HEADERS: Record<string, string> = {
  ...REFUSAL.extra.headers,
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  ...Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key, value])),
};

/** For a socket whose request Node could not hand over as one (CONNECT, an unparseable method). */
function refuseOnSocket(socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const head = Object.entries({ ...HEADERS, 'Content-Length': String(Buffer.byteLength(BODY)), Connection: 'close' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\n${head}\r\n${BODY}`);
}

const refuseConnect = (_request: http.IncomingMessage, socket: Duplex) => refuseOnSocket(socket);

/**
 * Answers every method the app does not serve with the contract's 405 JSON, and logs nothing: a
 * `TRACE` flood must not fill the log. Three ways in: a request Node parsed (`TRACE`,
 * `PROPFIND`), `CONNECT` (which Node hands only to a 'connect' listener, else drops the connection
 * unanswered), and a method Node's parser does not know at all (`TRACK`, `FOO`: Node's own 400 had
 * no body).
 */
export function refuseUnsupportedMethods(): void {
  hookServerEvents('unsupported-methods', (server, event, args) => {
    if (event === 'connection' && !server.listeners('connect').includes(refuseConnect)) server.on('connect', refuseConnect);
    if (event === 'request') {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (SERVED.has(request.method ?? '')) return false;
      response.writeHead(405, HEADERS).end(BODY);
      return true;
    }
    if (event === 'clientError') {
      const [error, socket] = args as [NodeJS.ErrnoException, Duplex];
      if (error.code !== 'HPE_INVALID_METHOD') return false;
      refuseOnSocket(socket);
      return true;
    }
    return false;
  });
}
