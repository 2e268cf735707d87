// Loaded into `next start` by the test harness (NODE_OPTIONS=--import, embedded set-up only):
// runs a test's SQL on the server's own PGlite. The embedded database belongs to one process, so
// without this a test stopped the server for every look at its tables and started it again, a
// few seconds of processor time each. It listens on a Unix socket in the server's data directory
// (TEST_SQL_SOCKET), takes one v8-serialized statement per connection and answers with its rows
// the same way (v8's format keeps dates, bigints and bytes as the driver gives them).
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { deserialize, serialize } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const socketPath = process.env.TEST_SQL_SOCKET;

async function run({ query, params }) {
  // lib/db/client.ts keeps the process's one database handle here; start-up opens it.
  const handle = await globalThis.__authDatabase;
  if (!handle || handle.kind !== 'pglite') throw new Error('the embedded database is not open in this server');
  // The app's postgres.js client, connected to PGlite's thread: rows as on a real server.
  return [...(await handle.db.$client.unsafe(query, params))];
}

if (isMainThread && socketPath) {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const chunks = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      run(deserialize(Buffer.concat(chunks)))
        .then((rows) => ({ rows }))
        .catch((error) => ({ error: String(error?.stack ?? error) }))
        .then((reply) => socket.end(serialize(reply)));
    });
  });
  // A server stopped before (restarts keep the data directory) leaves its socket file behind.
  rmSync(socketPath, { force: true });
  server.on('error', (error) => console.error('[test sql bridge]', error));
  server.listen(socketPath);
  server.unref();
}
