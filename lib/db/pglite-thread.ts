import 'server-only';
import { Duplex } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { PGLITE_START_PARAMS, PGLITE_V8_FLAGS } from './pglite-settings';

/**
 * The embedded PostgreSQL (PGlite) on a thread of its own, reached through PostgreSQL's own wire
 * protocol: the app talks to it with postgres.js, as to a real server. PGlite is PostgreSQL
 * compiled to WebAssembly; opened on the request thread, its start-up (0.5-0.7 s, 4 s for a new
 * database) and every query ran there, holding up every other request. On its own thread it
 * opens while Next.js loads, and its queries leave the request thread free (decision 038).
 *
 * The worker is inline source, resolved from the project root like the bcrypt pool's, because a
 * separate file would not survive route bundling. It frames the client's bytes into protocol
 * messages (the untyped startup packet first, then one type byte and a length each) and hands
 * them to PGlite, which answers in the same protocol. One connection at a time: PGlite is one
 * backend, so the client keeps a pool of one.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58;

// Before PGlite's WebAssembly compiles (PGLITE_V8_FLAGS says why).
require('node:v8').setFlagsFromString(${JSON.stringify(PGLITE_V8_FLAGS)});

let db;
let work = import('@electric-sql/pglite').then(async ({ PGlite }) => {
  db = new PGlite(workerData.directory, { startParams: [...PGlite.defaultStartParams, ...workerData.startParams] });
  await db.waitReady;
});
work.then(
  () => parentPort.postMessage({ type: 'ready' }),
  (error) => parentPort.postMessage({ type: 'failed', message: String((error && error.message) || error) }),
);

let pending = Buffer.alloc(0);
let startedUp = false;

// Complete messages at the head of what has arrived; the rest waits for more bytes.
function takeMessages() {
  const messages = [];
  for (;;) {
    if (!startedUp) {
      if (pending.length < 8) break;
      const length = pending.readInt32BE(0);
      if (pending.length < length) break;
      const code = pending.readInt32BE(4);
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      if (code === SSL_REQUEST) parentPort.postMessage({ type: 'data', bytes: Buffer.from('N') });
      else if (code !== CANCEL_REQUEST) {
        messages.push({ startup: true, bytes: message });
        startedUp = true;
      }
      continue;
    }
    if (pending.length < 5) break;
    const length = 1 + pending.readInt32BE(1);
    if (pending.length < length) break;
    // Terminate ('X') would end PGlite's one backend for good: the client's goodbye ends only its stream.
    if (pending[0] !== TERMINATE) messages.push({ startup: false, bytes: pending.subarray(0, length) });
    pending = pending.subarray(length);
  }
  return messages;
}

// PGlite runs a whole batch of typed messages in one call; the startup packet goes alone.
async function answer(messages) {
  const out = [];
  const collect = { onRawData: (bytes) => out.push(Buffer.from(bytes)) };
  const typed = [];
  for (const message of messages) {
    if (message.startup) await db.execProtocolRawStream(new Uint8Array(message.bytes), collect);
    else typed.push(message.bytes);
  }
  if (typed.length > 0) await db.execProtocolRawStream(new Uint8Array(Buffer.concat(typed)), collect);
  if (out.length > 0) parentPort.postMessage({ type: 'data', bytes: Buffer.concat(out) });
}

parentPort.on('message', ({ type, bytes }) => {
  if (type === 'data') {
    pending = Buffer.concat([pending, Buffer.from(bytes)]);
    const messages = takeMessages();
    if (messages.length > 0) {
      work = work.then(() => answer(messages)).catch((error) => parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) }));
    }
  } else if (type === 'disconnect') {
    pending = Buffer.alloc(0);
    startedUp = false;
    // A client gone in the middle of a transaction must not leave it open for the next one.
    work = work.then(async () => {
      if (db && db.isInTransaction()) await db.exec('ROLLBACK');
    }).catch(() => {});
  } else if (type === 'close') {
    work.catch(() => {}).then(() => db && db.close()).finally(() => parentPort.postMessage({ type: 'closed' }));
  }
});
`;

type FromWorker = { type: 'ready' | 'closed' } | { type: 'failed' | 'error'; message: string } | { type: 'data'; bytes: Uint8Array };

export interface PGliteThread {
  /** A socket-like stream for postgres.js's `socket` option, once the database is open. */
  connect(): Promise<Duplex>;
  /** Closes the database (PostgreSQL's clean shutdown) and ends the thread. */
  close(): Promise<void>;
}

// One of the codes lib/db/client.ts counts as a lost connection, so a failed thread answers 503.
const lostConnection = (message: string) => Object.assign(new Error(`the embedded database stopped: ${message}`), { code: 'ECONNRESET' });

/** Opens the PGlite database in `directory` on a new worker thread. */
export function startPGliteThread(directory: string): PGliteThread {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { directory, startParams: [...PGLITE_START_PARAMS] } });
  let current: Duplex | null = null;
  let failure: Error | null = null;
  let closed: (() => void) | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'failed') {
        failure = new Error(`the embedded database could not be opened: ${message.message}`);
        reject(failure);
      } else if (message.type === 'data') current?.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
      else if (message.type === 'error') current?.destroy(lostConnection(message.message));
      else closed?.();
    });
    const stop = (error: Error) => {
      failure ??= error;
      reject(failure);
      current?.destroy(lostConnection(failure.message));
      closed?.();
    };
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`its thread exited with code ${code}`)));
  });
  // Whoever connects hears of a failed start; until then it is not an unhandled rejection.
  ready.catch(() => undefined);

  return {
    async connect() {
      await ready;
      if (failure) throw lostConnection(failure.message);
      current?.destroy();
      const socket: Duplex & { readyState?: string } = new Duplex({
        read() {},
        write(chunk: Buffer, _encoding, done) {
          worker.postMessage({ type: 'data', bytes: chunk });
          done();
        },
        final(done) {
          done();
          socket.destroy();
        },
        destroy(error, done) {
          socket.readyState = 'closed';
          if (current === socket) {
            current = null;
            if (!failure) worker.postMessage({ type: 'disconnect' });
          }
          done(error);
        },
      });
      // postgres.js reads it to decide whether to say goodbye before closing.
      socket.readyState = 'open';
      current = socket;
      return socket;
    },
    async close() {
      if (!failure) {
        const done = new Promise<void>((resolve) => (closed = resolve));
        worker.postMessage({ type: 'close' });
        await done;
      }
      await worker.terminate();
    },
  };
}
