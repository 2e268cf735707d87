/**
 * Local stand-in for the Upstash Redis REST API, backed by a real redis-server,
 * so tests exercise the real `@upstash/redis` client against real Redis.
 *
 * Wire format matched against @upstash/redis 1.39 (pkg/http.ts):
 * - Single commands go to `POST /` (only when auto-pipelining is disabled;
 *   the client's default auto-pipelining sends even single calls to
 *   `POST /pipeline`), batches to `/pipeline`, transactions to `/multi-exec`.
 * - With `Upstash-Encoding: base64` every string in a result is base64, except
 *   a top-level "OK": the client's decoder passes a top-level "OK" through
 *   untouched (atob("OK") would yield "8") but base64-decodes every other
 *   string, including strings nested in arrays. Errors are never encoded.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";

export interface UpstashRestServerOptions {
  redisUrl: string;
  token: string;
  port?: number;
  host?: string;
}

export interface UpstashRestServer {
  url: string;
  token: string;
  /** HTTP requests received so far, whatever their answer: each is one round trip of a client. */
  readonly requests: number;
  close(): Promise<void>;
}

type Json = string | number | null | Json[];
type Entry = { result: Json } | { error: string };
type Command = [name: string, ...args: string[]];

/** A malformed request: answered with 400 like a Redis error, never forwarded. */
class BadRequest extends Error {}

const OK = Buffer.from("OK");

// These change per-connection state; on the shared connection they would pull
// other requests into (or out of) a transaction, and inside /multi-exec they
// would break the one-reply-per-command mapping of EXEC.
const TRANSACTION_CONTROL = new Set(["MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH"]);

export async function startUpstashRestServer(options: UpstashRestServerOptions): Promise<UpstashRestServer> {
  if (options.token === "") throw new Error("startUpstashRestServer: token must not be empty");
  const host = options.host ?? "127.0.0.1";
  const expectedDigest = sha256(options.token);

  // RESP2 keeps reply shapes identical to what Upstash serves (ioredis 6 would
  // otherwise negotiate RESP3 maps/doubles). lazyConnect lets startup reject
  // when Redis is unreachable instead of silently queueing commands.
  // While Redis is down, a command fails at once (a 500 here), as an HTTP
  // front to a dead database would answer: ioredis would otherwise hold it in
  // a queue, and resend one that was in flight, until Redis returned, running
  // a write seconds after its caller had given up on it. It still reconnects
  // by itself.
  const connect = () => {
    const connection = new Redis(options.redisUrl, { protocol: 2, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    // Each command reports its own failure; the connection-level event would
    // only print a stack per reconnect attempt.
    connection.on("error", () => {});
    return connection;
  };
  const commands = connect();
  // Transactions get their own connection so a MULTI...EXEC block written to it
  // can never swallow commands from concurrent single/pipeline requests.
  const transactions = connect();

  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    void handle(req, res).catch((error: unknown) => {
      send(res, 500, { error: error instanceof Error ? error.message : "Internal error" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAuthorized(req.headers.authorization)) return send(res, 401, { error: "Unauthorized" });

    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const route = ROUTES[pathname];
    if (route === undefined) return send(res, 404, { error: "Not Found" });
    if (req.method !== "POST") return send(res, 405, { error: "Method Not Allowed" });

    const encoding = req.headers["upstash-encoding"];
    const base64 = typeof encoding === "string" && encoding.toLowerCase() === "base64";
    try {
      const body = await readJson(req);
      if (route === "single") {
        const entry = await run(commands, parseCommand(body));
        return "error" in entry ? send(res, 400, entry) : send(res, 200, { result: encode(entry.result, base64) });
      }
      const batch = parseBatch(body);
      const entries =
        route === "pipeline"
          ? await Promise.all(batch.map((command) => run(commands, command)))
          : await runTransaction(transactions, batch);
      return send(
        res,
        200,
        entries.map((entry) => ("error" in entry ? entry : { result: encode(entry.result, base64) })),
      );
    } catch (error) {
      if (error instanceof BadRequest || isReplyError(error)) return send(res, 400, { error: error.message });
      throw error;
    }
  }

  // Hashing both sides gives equal-length inputs, as timingSafeEqual requires,
  // without leaking the token's length through an early length check.
  function isAuthorized(header: string | undefined): boolean {
    const presented = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
    return presented !== undefined && timingSafeEqual(sha256(presented), expectedDigest);
  }

  try {
    await Promise.all([commands.connect(), transactions.connect()]);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    commands.disconnect();
    transactions.disconnect();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    token: options.token,
    get requests() {
      return requests;
    },
    async close() {
      // Idempotent, so a test that stopped the server to simulate an outage can still clean up.
      if (!server.listening) return;
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The client uses keep-alive fetches; idle sockets would hold close() open.
        server.closeAllConnections();
      });
      // Not QUIT: with Redis down it would be refused, and reconnecting would go on.
      commands.disconnect();
      transactions.disconnect();
    },
  };
}

const ROUTES: Partial<Record<string, "single" | "pipeline" | "multi-exec">> = {
  "/": "single",
  "/pipeline": "pipeline",
  "/multi-exec": "multi-exec",
};

async function run(connection: Redis, [name, ...args]: Command): Promise<Entry> {
  try {
    return { result: (await connection.callBuffer(name, ...args)) as Json };
  } catch (error) {
    if (isReplyError(error)) return { error: error.message };
    throw error;
  }
}

async function runTransaction(connection: Redis, batch: Command[]): Promise<Entry[]> {
  // Issued synchronously, so the whole MULTI...EXEC block reaches the socket
  // contiguously even when several /multi-exec requests are in flight.
  const replies = [
    connection.callBuffer("MULTI"),
    ...batch.map(([name, ...args]) => connection.callBuffer(name, ...args)),
    connection.callBuffer("EXEC"),
  ];
  const settled = await Promise.allSettled(replies);
  // A command rejected while queueing makes Redis discard the whole transaction
  // (EXECABORT); its own error explains why, so report that one.
  const rejected = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (rejected !== undefined) throw rejected.reason;

  const exec = settled.at(-1) as PromiseFulfilledResult<unknown>;
  if (!Array.isArray(exec.value)) throw new Error("EXEC returned no reply array");
  // Runtime errors inside EXEC arrive as error objects in the reply array.
  return exec.value.map((reply: unknown) =>
    isReplyError(reply) ? { error: reply.message } : { result: reply as Json },
  );
}

function encode(reply: unknown, base64: boolean): Json {
  if (base64 && Buffer.isBuffer(reply) && reply.equals(OK)) return "OK";
  return encodeNested(reply, base64);
}

function encodeNested(reply: unknown, base64: boolean): Json {
  if (reply === null || typeof reply === "number") return reply;
  // Plain mode decodes as UTF-8 (invalid bytes become U+FFFD), which is what
  // Upstash documents for responses without the base64 header.
  if (Buffer.isBuffer(reply)) return reply.toString(base64 ? "base64" : "utf8");
  if (Array.isArray(reply)) return reply.map((item: unknown) => encodeNested(item, base64));
  // JSON has no nested error type (e.g. a Lua table holding an error reply).
  if (isReplyError(reply)) return encodeNested(Buffer.from(reply.message), base64);
  throw new TypeError(`Unexpected Redis reply of type ${typeof reply}`);
}

function parseCommand(value: unknown): Command {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest("ERR command must be a non-empty JSON array");
  }
  const parts = value.map((part: unknown) => {
    if (typeof part === "string") return part;
    if (typeof part === "number" || typeof part === "boolean") return String(part);
    throw new BadRequest("ERR command arguments must be strings, numbers or booleans");
  });
  const [name = "", ...args] = parts;
  // Upper-casing also keeps ioredis from applying its reply transformers,
  // which are keyed by lower-case name (e.g. "hgetall" would become an object).
  const command = name.toUpperCase();
  if (TRANSACTION_CONTROL.has(command)) {
    throw new BadRequest(`ERR ${command} is not supported over REST, use /multi-exec`);
  }
  return [command, ...args];
}

function parseBatch(value: unknown): Command[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest("ERR request body must be a non-empty JSON array of commands");
  }
  return value.map(parseCommand);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BadRequest("ERR request body is not valid JSON");
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

function isReplyError(value: unknown): value is Error {
  return value instanceof Error && value.name === "ReplyError";
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

async function main(): Promise<void> {
  const token = process.env.UPSTASH_PROXY_TOKEN;
  if (!token) throw new Error("UPSTASH_PROXY_TOKEN is required");
  const port = Number(process.env.UPSTASH_PROXY_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("UPSTASH_PROXY_PORT must be a TCP port");
  const server = await startUpstashRestServer({
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    token,
    port,
  });
  console.log(`upstash-rest listening on ${server.url}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
