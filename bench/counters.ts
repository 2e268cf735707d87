import { Redis } from 'ioredis';
import postgres from 'postgres';

/**
 * Round trips counted by the servers themselves, not by the app. Both may be shared with other
 * clients (this machine's test runs use the same PostgreSQL and Redis), so:
 * - PostgreSQL counts transactions for the whole database (pg_stat_database: each statement the
 *   app sends outside a transaction block is one). An idle window of the same length right after
 *   the measured one is subtracted as background, along with the counter's own statements.
 * - Redis is watched with MONITOR, which names each command's database and client: the bench's
 *   Upstash REST server talks to a database index of its own, and commands that Lua scripts run
 *   (client "lua") are counted apart from the round trips that reached the server.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PgCount {
  perRequest: number;
  transactions: number;
  background: number;
}

/** The app must connect with `?application_name=<appName>` in its DATABASE_URL. */
export class PgCounter {
  constructor(
    private readonly url: string,
    private readonly appName: string,
  ) {}

  // A backend publishes its counts to pg_stat_database up to 10 s after it goes idle, but at once
  // when it exits. So each reading first ends the app's idle connections, and the previous
  // reading's, waiting until they have exited (PostgreSQL 14+); the app reconnects on its next
  // query. Each window thus holds exactly one reading's own statements, in the measured and in the
  // idle window alike.
  private async reading(): Promise<number> {
    const self = `${this.appName}-counter`;
    const sql = postgres(this.url, { max: 1, fetch_types: false, onnotice: () => {}, connection: { application_name: self } });
    try {
      await sql`select pg_terminate_backend(pid, 5000) from pg_stat_activity
        where application_name in (${this.appName}, ${self}) and pid <> pg_backend_pid() and datname = current_database()`;
      const [row] = await sql<{ n: string }[]>`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`;
      return Number(row!.n);
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  private async window(work: () => Promise<unknown>): Promise<{ delta: number; ms: number }> {
    const before = await this.reading();
    const started = performance.now();
    await work();
    const ms = performance.now() - started;
    return { delta: (await this.reading()) - before, ms };
  }

  /** Statements per request while `work` sends `requests` requests, less the background. */
  async count(requests: number, work: () => Promise<unknown>): Promise<PgCount> {
    const load = await this.window(work);
    const idle = await this.window(() => sleep(load.ms));
    return { perRequest: Math.max(0, (load.delta - idle.delta) / requests), transactions: load.delta, background: idle.delta };
  }
}

export interface RedisCount {
  /** Commands that reached Redis from a client, per request: each is one round trip. */
  perRequest: number;
  /** Commands run inside Lua scripts, per request: no round trip of their own. */
  scriptedPerRequest: number;
  byCommand: Record<string, number>;
}

/** Counts the commands sent to database `db` of the Redis at `url` while `work` sends `requests` requests. */
export async function countRedis(url: string, db: number, requests: number, work: () => Promise<unknown>): Promise<RedisCount> {
  // monitor() opens a connection of its own; this one never connects.
  const connection = new Redis(url, { lazyConnect: true });
  const monitor = await connection.monitor();
  let roundTrips = 0;
  let scripted = 0;
  const byCommand: Record<string, number> = {};
  monitor.on('monitor', (_time: string, args: string[], source: string, database: string) => {
    if (Number(database) !== db) return;
    if (source === 'lua') {
      scripted++;
      return;
    }
    roundTrips++;
    const name = String(args[0]).toUpperCase();
    byCommand[name] = (byCommand[name] ?? 0) + 1;
  });
  try {
    await work();
    // MONITOR lines trail the replies by a moment.
    await sleep(300);
  } finally {
    monitor.disconnect();
    connection.disconnect();
  }
  return {
    perRequest: roundTrips / requests,
    scriptedPerRequest: scripted / requests,
    byCommand: Object.fromEntries(Object.entries(byCommand).map(([name, count]) => [name, Number((count / requests).toFixed(2))])),
  };
}
