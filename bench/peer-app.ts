// The Better Auth peer of `npm run bench:peers`: its own install, build, database and `next start`,
// all inside bench/peers/better-auth, which the project's own install, build and checks ignore.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { buildNextApp, installPinned, runIn, startNextApp, type StartedApp } from './peer-folder';

export const PEER_DIR = resolve(import.meta.dirname, 'peers', 'better-auth');

const SESSION_COOKIE = 'better-auth.session_token';
const CACHE_COOKIE = 'better-auth.session_data';

/** `npm ci` in the peer's folder, unless its node_modules was installed from this very lock file. */
export const installPeer = () => installPinned(PEER_DIR);

/** `next build` of the peer with its own Next.js, unless .next was built from the same sources and lock file. */
export const buildPeer = () => buildNextApp(PEER_DIR, join(PEER_DIR, 'node_modules', 'next', 'dist', 'bin', 'next'));

/**
 * The peer's own database: PEER_DATABASE_URL, or ours with `_peer` after its name on the same
 * server, created here when missing (the role needs CREATEDB then).
 */
export async function peerDatabase(ourDatabaseUrl: string): Promise<string> {
  if (process.env.PEER_DATABASE_URL) return process.env.PEER_DATABASE_URL;
  const url = new URL(ourDatabaseUrl);
  const name = `${url.pathname.slice(1)}_peer`;
  if (!/^[a-z0-9_]+$/i.test(name)) throw new Error(`cannot derive a peer database name from ${url.pathname}: set PEER_DATABASE_URL`);
  const sql = postgres(ourDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!found) await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  url.pathname = `/${name}`;
  return url.href;
}

/** A secret the peer's servers share: its jwks table holds private keys encrypted with it. */
export const peerSecret = () => randomBytes(32).toString('base64url');

/**
 * Better Auth's own migration (getMigrations().runMigrations(), what its CLI's `migrate` runs), then
 * the jwt plugin's keys of an earlier run are deleted: they are encrypted with that run's secret, so
 * this run's servers could not sign with them (they make new ones on first use).
 */
export async function migratePeer(databaseUrl: string, secret: string): Promise<void> {
  await runIn(PEER_DIR, join(PEER_DIR, 'node_modules', '.bin', 'tsx'), ['migrate.ts'], { DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: secret, BETTER_AUTH_URL: 'http://127.0.0.1' });
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`delete from jwks`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export type PeerMode = 'session' | 'cookie-cache';

export interface PeerServer extends StartedApp {
  mode: PeerMode;
}

/** `next start` of the peer's build on a free port, until /api/health (a query through Better Auth's pool) answers 200. */
export async function startPeer(mode: PeerMode, databaseUrl: string, secret: string): Promise<PeerServer> {
  const app = await startNextApp(PEER_DIR, {
    label: 'peer next start',
    host: '127.0.0.1',
    readyPath: '/api/health',
    env: (url) => ({ DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: secret, BETTER_AUTH_URL: url, PEER_COOKIE_CACHE: mode === 'cookie-cache' ? '1' : '0' }),
  });
  return { mode, ...app };
}

/** The value of cookie `name` among a response's Set-Cookie headers. */
function cookieOf(response: Response, name: string): string | undefined {
  const line = response.headers.getSetCookie().find((each) => each.startsWith(`${name}=`));
  return line?.split(';')[0];
}

export interface PeerUser {
  email: string;
  password: string;
}

const post = (server: PeerServer, path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(body) });

export async function signUpPeer(server: PeerServer): Promise<PeerUser> {
  const user = { email: `peer-${randomBytes(6).toString('hex')}@example.com`, password: `Bench-${randomBytes(12).toString('base64url')}` };
  const response = await post(server, '/api/auth/sign-up/email', { ...user, name: 'Bench User' });
  if (response.status !== 200) throw new Error(`peer sign-up answered ${response.status}: ${await response.text()}`);
  return user;
}

/** What the client holds after a sign-in: the Cookie header (session token, and the cache cookie where on). */
export async function signInPeer(server: PeerServer, user: PeerUser): Promise<string> {
  const response = await post(server, '/api/auth/sign-in/email', user);
  if (response.status !== 200) throw new Error(`peer sign-in answered ${response.status}: ${await response.text()}`);
  const cookies = [cookieOf(response, SESSION_COOKIE), server.mode === 'cookie-cache' ? cookieOf(response, CACHE_COOKIE) : undefined];
  if (!cookies[0] || (server.mode === 'cookie-cache' && !cookies[1])) throw new Error(`peer sign-in set no ${SESSION_COOKIE}${server.mode === 'cookie-cache' ? ` or ${CACHE_COOKIE}` : ''} cookie`);
  return cookies.filter(Boolean).join('; ');
}

/** The jwt plugin's token for a session: GET /api/auth/token with its cookie. */
export async function peerJwt(server: PeerServer, cookie: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/token`, { headers: { cookie } });
  const body = await response.text();
  const token = response.status === 200 ? (JSON.parse(body) as { token?: string }).token : undefined;
  if (!token) throw new Error(`peer /api/auth/token answered ${response.status}: ${body.slice(0, 200)}`);
  return token;
}

/** Resident memory of a process and all its descendants, in MB (1,000,000 bytes), from /proc. */
export async function treeRssMb(pid: number): Promise<number> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The command name (field 2) may hold spaces: the parent pid is the second field after its ')'.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  let kB = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const status = await readFile(`/proc/${current}/status`, 'utf8').catch(() => '');
    kB += Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
    pending.push(...(children.get(current) ?? []));
  }
  return Math.round((kB * 1024) / 1e6);
}
