import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './ports';

/** PostgreSQL's ReadyForQuery message for an idle session: 'Z', length 5, status 'I'. */
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);

export interface PostgresCutProxy {
  /** The upstream URL with this proxy's port in it. */
  url: string;
  /** Resolves once a connection has been cut and the proxy stopped listening. */
  cut: Promise<void>;
  /** Listens again on the same port, passing every connection through. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of PostgreSQL that plays a database going away just as a client's
 * connection opened: the first connection is passed through until the server says it is ready
 * for queries, then the client's first query after that is dropped, the connection is closed and
 * the proxy stops listening, so the client's reconnect is refused. `restore()` brings the
 * database "back".
 */
export async function startPostgresCutProxy(upstreamUrl: string): Promise<PostgresCutProxy> {
  const upstream = new URL(upstreamUrl);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let cutting = true;
  let markCut!: () => void;
  const cut = new Promise<void>((resolve) => (markCut = resolve));

  const serve = (client: Socket) => {
    const server = connect(Number(upstream.port), upstream.hostname);
    sockets.add(client).add(server);
    const closeBoth = () => {
      client.destroy();
      server.destroy();
    };
    client.on('error', closeBoth).on('close', closeBoth);
    server.on('error', closeBoth).on('close', closeBoth);
    let seen = Buffer.alloc(0);
    let ready = false;
    server.on('data', (chunk: Buffer) => {
      client.write(chunk);
      if (cutting && !ready) {
        seen = Buffer.concat([seen, chunk]);
        ready = seen.includes(READY_FOR_QUERY);
      }
    });
    client.on('data', (chunk: Buffer) => {
      if (cutting && ready) {
        cutting = false;
        listener.close();
        closeBoth();
        markCut();
        return;
      }
      server.write(chunk);
    });
  };

  let listener: Server = createServer(serve);
  const listen = () => new Promise<void>((resolve, reject) => listener.once('error', reject).listen(port, '127.0.0.1', resolve));
  await listen();
  const url = new URL(upstreamUrl);
  url.port = String(port);

  return {
    url: url.toString(),
    cut,
    async restore() {
      listener = createServer(serve);
      await listen();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
