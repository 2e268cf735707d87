import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { Redis } from "@upstash/redis";
import { z } from "zod";
import { bodyOf } from "../support/bodies";
import { startRedis, type RunningRedis } from "../support/redis";
import { startUpstashRestServer, type UpstashRestServer } from "../support/upstash-rest-server";

// A shared TEST_REDIS_URL may hold other data (or other runs of this file), so
// every key is namespaced and FLUSHDB only runs against a redis-server we own.
let running: RunningRedis | null = null;
const prefix = `upstash-rest-test:${randomBytes(6).toString("hex")}`;
const usedKeys = new Set<string>();
const key = (name: string): string => {
  const namespaced = `${prefix}:${name}`;
  usedKeys.add(namespaced);
  return namespaced;
};

const token = randomBytes(24).toString("base64url");
let server: UpstashRestServer;

/** Default options: base64 responses, auto-pipelining, automatic JSON deserialization. */
let redis: Redis;
let rawRedis: Redis;
/** Auto-pipelining off, so single commands hit `POST /` instead of `/pipeline`. */
let directRedis: Redis;
let plainRedis: Redis;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const base64 = { "upstash-encoding": "base64" };

before(async () => {
  running = await startRedis();
  if (!running) throw new Error("needs redis-server installed or TEST_REDIS_URL");
  server = await startUpstashRestServer({ redisUrl: running.url, token });
  redis = new Redis({ url: server.url, token: server.token });
  rawRedis = new Redis({ url: server.url, token: server.token, automaticDeserialization: false });
  directRedis = new Redis({ url: server.url, token: server.token, enableAutoPipelining: false });
  plainRedis = new Redis({ url: server.url, token: server.token, responseEncoding: false });
});

after(async () => {
  try {
    if (server !== undefined) {
      if (usedKeys.size > 0) await directRedis.del(...usedKeys);
      await server.close();
    }
  } finally {
    await running?.stop();
  }
});

describe("strings through @upstash/redis", () => {
  const ascii = "hello world";
  const unicode = "josé ✓ 🔑";
  const jsonLooking = '{"user":"josé","roles":["admin"],"n":1}';

  for (const [label, client] of [
    ["default options", () => redis],
    ["auto-pipelining off (POST /)", () => directRedis],
    ["responseEncoding: false", () => plainRedis],
  ] as const) {
    test(`set/get ASCII, Unicode and JSON-looking strings (${label})`, async () => {
      assert.equal(await client().set(key(`ascii:${label}`), ascii), "OK");
      assert.equal(await client().set(key(`unicode:${label}`), unicode), "OK");
      assert.equal(await client().set(key(`json:${label}`), jsonLooking), "OK");

      assert.equal(await client().get(key(`ascii:${label}`)), ascii);
      assert.equal(await client().get(key(`unicode:${label}`)), unicode);
      // Default deserialization JSON-parses whatever looks like JSON.
      assert.deepEqual(await client().get(key(`json:${label}`)), { user: "josé", roles: ["admin"], n: 1 });
      assert.equal(await client().get(key("never-set")), null);
    });
  }

  test("automaticDeserialization: false returns the stored strings verbatim", async () => {
    assert.equal(await rawRedis.set(key("raw:unicode"), unicode), "OK");
    assert.equal(await rawRedis.set(key("raw:json"), jsonLooking), "OK");
    assert.equal(await rawRedis.get(key("raw:unicode")), unicode);
    assert.equal(await rawRedis.get(key("raw:json")), jsonLooking);
  });

  test("ping", async () => {
    assert.equal(await redis.ping(), "PONG");
    assert.equal(await directRedis.ping(), "PONG");
  });
});

describe("hashes, sets, expiry, deletion", () => {
  test("hset / hget / hgetall / hmget / hdel", async () => {
    const hash = key("hash");
    assert.equal(await redis.hset(hash, { name: "josé ✓", count: 3, profile: { admin: true } }), 3);
    assert.equal(await redis.hget(hash, "name"), "josé ✓");
    assert.deepEqual(await redis.hgetall(hash), { name: "josé ✓", count: 3, profile: { admin: true } });
    assert.deepEqual(await redis.hmget(hash, "name", "missing"), { name: "josé ✓", missing: null });
    // Without deserialization the client hands back Redis's flat field/value array.
    const flat = (await rawRedis.hgetall(hash)) as unknown as string[];
    assert.deepEqual(flat, ["name", "josé ✓", "count", "3", "profile", '{"admin":true}']);
    assert.equal(await redis.hdel(hash, "count", "missing"), 1);
    assert.deepEqual(await directRedis.hgetall(hash), { name: "josé ✓", profile: { admin: true } });
  });

  test("sadd / smembers / srem", async () => {
    const set = key("set");
    assert.equal(await redis.sadd(set, "a", "josé", "🔑"), 3);
    assert.equal(await redis.sadd(set, "a"), 0);
    assert.deepEqual((await redis.smembers(set)).sort(), ["a", "josé", "🔑"].sort());
    assert.equal(await redis.srem(set, "a"), 1);
    assert.deepEqual((await rawRedis.smembers(set)).sort(), ["josé", "🔑"].sort());
  });

  test("pexpire / pttl / expire / ttl / pexpireat", async () => {
    const expiring = key("expiring");
    await redis.set(expiring, "v");
    assert.equal(await redis.pttl(expiring), -1);
    assert.equal(await redis.pexpire(expiring, 60_000), 1);
    const pttl = await redis.pttl(expiring);
    assert.ok(pttl > 0 && pttl <= 60_000, `pttl ${pttl}`);
    assert.equal(await redis.expire(expiring, 120), 1);
    const ttl = await redis.ttl(expiring);
    assert.ok(ttl > 60 && ttl <= 120, `ttl ${ttl}`);
    assert.equal(await redis.pexpireat(expiring, Date.now() + 30_000), 1);
    assert.ok((await redis.pttl(expiring)) <= 30_000);
    assert.equal(await redis.pttl(key("never-set")), -2);
  });

  test("del / exists", async () => {
    const [a, b] = [key("del:a"), key("del:b")];
    await redis.set(a, "1");
    await redis.set(b, "2");
    assert.equal(await redis.exists(a, b, key("never-set")), 2);
    assert.equal(await redis.del(a, b, key("never-set")), 2);
    assert.equal(await redis.exists(a, b), 0);
  });

  test("incr", async () => {
    const counter = key("counter");
    assert.equal(await redis.incr(counter), 1);
    assert.equal(await directRedis.incr(counter), 2);
  });
});

describe("Lua scripts", () => {
  // GET of a missing key is Lua false, which Redis sends as a nil inside the array;
  // a real nil ends the array (Redis stops converting at the first nil).
  const script = "return {ARGV[1], 42, redis.call('GET', KEYS[1]), 'after-false', nil, 'never-returned'}";

  test("eval returns a mixed array with Redis's nil handling", async () => {
    const expected = ["josé ✓", 42, null, "after-false"];
    assert.deepEqual(await redis.eval(script, [key("never-set")], ["josé ✓"]), expected);
    assert.deepEqual(await rawRedis.eval(script, [key("never-set")], ["josé ✓"]), expected);
    assert.deepEqual(await directRedis.eval(script, [key("never-set")], ["josé ✓"]), expected);
  });

  test("script load / evalsha / script exists", async () => {
    const sha = await redis.scriptLoad(script);
    assert.match(sha, /^[0-9a-f]{40}$/);
    assert.deepEqual(await redis.scriptExists(sha), [1]);
    assert.deepEqual(await redis.evalsha(sha, [key("never-set")], ["x"]), ["x", 42, null, "after-false"]);
  });

  test("binary replies survive base64 encoding byte for byte", async () => {
    const binary = await post("/", ["EVAL", "return string.char(0, 255, 128, 10)", "0"], base64);
    assert.deepEqual(binary, { status: 200, body: { result: Buffer.from([0, 255, 128, 10]).toString("base64") } });
    const plain = await post("/", ["EVAL", "return string.char(0, 255, 128, 10)", "0"]);
    assert.deepEqual(plain, { status: 200, body: { result: "\u0000\ufffd\ufffd\n" } });
  });
});

describe("pipeline and multi-exec", () => {
  test("pipeline exec results", async () => {
    const [str, counter, hash] = [key("pipe:str"), key("pipe:counter"), key("pipe:hash")];
    const results = await redis
      .pipeline()
      .set(str, "josé ✓")
      .incr(counter)
      .incr(counter)
      .get(str)
      .hset(hash, { a: 1 })
      .hgetall(hash)
      .get(key("never-set"))
      .exec();
    assert.deepEqual(results, ["OK", 1, 2, "josé ✓", 1, { a: 1 }, null]);
  });

  test("pipeline keeps per-command errors", async () => {
    const str = key("pipe:not-a-number");
    const pipeline = () => redis.pipeline().set(str, "text").incr(str).get(str);
    await assert.rejects(pipeline().exec(), /Command 2 \[ incr \] failed: ERR value is not an integer/);
    const results = await pipeline().exec({ keepErrors: true });
    assert.deepEqual(
      results.map(({ error, result }) => ({ error, result })),
      [
        { error: undefined, result: "OK" },
        { error: "ERR value is not an integer or out of range", result: undefined },
        { error: undefined, result: "text" },
      ],
    );
  });

  test("multi exec results", async () => {
    const [str, counter] = [key("multi:str"), key("multi:counter")];
    const results = await redis.multi().set(str, "🔑").incr(counter).get(str).exec();
    assert.deepEqual(results, ["OK", 1, "🔑"]);
    assert.deepEqual(await rawRedis.multi().get(str).incr(counter).exec(), ["🔑", 2]);
  });

  test("multi runs every command despite runtime errors, like Redis", async () => {
    const str = key("multi:not-a-number");
    const results = await redis.multi().set(str, "text").incr(str).set(str, "after").exec({ keepErrors: true });
    assert.deepEqual(
      results.map(({ error }) => error),
      [undefined, "ERR value is not an integer or out of range", undefined],
    );
    assert.equal(await redis.get(str), "after");
  });

  test("multi is discarded as a whole when a command cannot be queued", async () => {
    const untouched = key("multi:untouched");
    const response = await post("/multi-exec", [["SET", untouched, "1"], ["NOT-A-COMMAND"]]);
    assert.equal(response.status, 400);
    assert.match(bodyOf(response, z.strictObject({ error: z.string() })).error, /^ERR unknown command/);
    assert.equal(await redis.exists(untouched), 0);
  });

  test("concurrent transactions and pipelines do not interleave", async () => {
    const shared = key("multi:shared");
    const runs = Array.from({ length: 25 }, (_, i) =>
      Promise.all([
        redis.multi().set(shared, `v${i}`).get(shared).exec(),
        redis.pipeline().set(shared, `p${i}`).exec(),
      ]),
    );
    for (const [i, [transaction]] of (await Promise.all(runs)).entries()) {
      assert.deepEqual(transaction, ["OK", `v${i}`]);
    }
  });
});

describe("errors and auth", () => {
  test("a Redis error surfaces as a thrown error carrying the Redis message", async () => {
    const str = key("error:not-a-number");
    await redis.set(str, "text");
    await assert.rejects(redis.incr(str), /ERR value is not an integer or out of range/);
    await assert.rejects(directRedis.incr(str), /ERR value is not an integer or out of range/);
    assert.deepEqual(await post("/", ["INCR", str]), {
      status: 400,
      body: { error: "ERR value is not an integer or out of range" },
    });
  });

  test("a wrong or missing token is rejected with 401", async () => {
    for (const badToken of ["wrong", `${token}x`, token.slice(1)]) {
      const intruder = new Redis({ url: server.url, token: badToken });
      await assert.rejects(intruder.get(key("ascii:default options")), /Unauthorized/);
      const direct = new Redis({ url: server.url, token: badToken, enableAutoPipelining: false });
      await assert.rejects(direct.set(key("intruder"), "x"), /Unauthorized/);
    }
    assert.deepEqual(await post("/", ["PING"], { authorization: "" }), { status: 401, body: { error: "Unauthorized" } });
    assert.equal(await redis.exists(key("intruder")), 0);
  });

  test("transaction-control commands are refused outside /multi-exec", async () => {
    const response = await post("/", ["MULTI"]);
    assert.equal(response.status, 400);
    assert.equal(await redis.ping(), "PONG");
  });
});

describe("wire format with Upstash-Encoding: base64", () => {
  test("top-level OK stays plain, other strings are base64, numbers and nulls untouched", async () => {
    const str = key("wire:str");
    assert.deepEqual(await post("/", ["SET", str, "bar"], base64), { status: 200, body: { result: "OK" } });
    assert.deepEqual(await post("/", ["GET", str], base64), { status: 200, body: { result: "YmFy" } });
    assert.deepEqual(await post("/", ["PING"], base64), { status: 200, body: { result: "UE9ORw==" } });
    assert.deepEqual(await post("/", ["EXISTS", str], base64), { status: 200, body: { result: 1 } });
    assert.deepEqual(await post("/", ["GET", key("never-set")], base64), { status: 200, body: { result: null } });
    assert.deepEqual(await post("/pipeline", [["GET", str], ["SET", str, "x"], ["INCR", str]], base64), {
      status: 200,
      body: [{ result: "YmFy" }, { result: "OK" }, { error: "ERR value is not an integer or out of range" }],
    });
    assert.deepEqual(await post("/", ["GET", str]), { status: 200, body: { result: "x" } });
  });
});

test("flushdb", async (t) => {
  if (!running?.owned) return t.skip("TEST_REDIS_URL points at a shared redis");
  await redis.set(key("flush"), "v");
  assert.equal(await redis.flushdb(), "OK");
  assert.equal(await redis.exists(key("flush")), 0);
});
