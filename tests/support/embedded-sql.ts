import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserialize, serialize } from 'node:v8';

export type Row = Record<string, unknown>;
export interface Statement {
  query: string;
  params?: unknown[];
}

const BRIDGE = pathToFileURL(resolve(import.meta.dirname, 'embedded-sql-bridge.mjs')).href;
const socketIn = (dataDir: string) => join(dataDir, 'sql.sock');

/**
 * What `startApp` needs for a server on the embedded set-up whose database a test reads and
 * writes while it runs (`embeddedSql`): the bridge loaded into `next start`.
 */
export function embeddedSqlEnv(dataDir: string): Record<string, string> {
  return { NODE_OPTIONS: `--import ${BRIDGE}`, TEST_SQL_SOCKET: socketIn(dataDir) };
}

/** Runs the statement in the server started with `embeddedSqlEnv(dataDir)`; its rows. */
export function embeddedSql(dataDir: string, statement: Statement): Promise<Row[]> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    const socket = connect(socketIn(dataDir));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', fail);
    socket.on('end', () => {
      const reply = deserialize(Buffer.concat(chunks)) as { rows?: Row[]; error?: string };
      if (reply.rows) done(reply.rows);
      else fail(new Error(`SQL in the embedded server failed: ${reply.error}`));
    });
    socket.end(serialize({ params: [], ...statement }));
  });
}
