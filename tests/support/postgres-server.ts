import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { skipUnlessAvailable } from './requirements';

/**
 * A throwaway PostgreSQL cluster that a test may stop and start again under a running app: its own
 * data directory, socket directory and port, so the shared TEST_DATABASE_URL server is never touched.
 */
export interface PostgresCluster {
  /** postgres:// URL of the cluster's `postgres` database (trust authentication, loopback only). */
  url: string;
  /** `pg_ctl stop`: `fast` ends every connection with an error first; `immediate` is a crash. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** The server's own log. */
  log(): Promise<string>;
  /** Stops it if running and deletes everything it had. */
  remove(): Promise<void>;
}

const DEBIAN_POSTGRES = '/usr/lib/postgresql';
const SUPERUSER = 'auth';

/** The newest Debian PostgreSQL binaries (`/usr/lib/postgresql/<version>/bin`), if installed. */
function binDir(): string | undefined {
  if (!existsSync(DEBIAN_POSTGRES)) return undefined;
  const [newest] = readdirSync(DEBIAN_POSTGRES)
    .filter((version) => ['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(join(DEBIAN_POSTGRES, version, 'bin', tool))))
    .sort((x, y) => Number.parseFloat(y) - Number.parseFloat(x));
  return newest === undefined ? undefined : join(DEBIAN_POSTGRES, newest, 'bin');
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to (and runs as) `postgres`. */
function clusterOwner(): { uid: number; gid: number; name: string } | null | undefined {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim() || Number.NaN);
  const uid = id('-u');
  const gid = id('-g');
  return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid, name: 'postgres' } : undefined;
}

const bin = binDir();
const owner = clusterOwner();

/** Why no throwaway cluster can be started here, or false when one can. */
export const POSTGRES_CLUSTER_SKIP = skipUnlessAvailable(
  bin === undefined
    ? `no PostgreSQL binaries in ${DEBIAN_POSTGRES}/<version>/bin (apt-get install postgresql; bash .ci/run does)`
    : owner === undefined
      ? 'running as root, but there is no postgres user to run PostgreSQL as'
      : false,
);

function command(tool: string, args: string[]): [string, string[]] {
  const path = join(bin!, tool);
  return owner ? ['runuser', ['-u', owner.name, '--', path, ...args]] : [path, args];
}

function run(tool: string, args: string[]): Promise<void> {
  const [file, argv] = command(tool, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} ${args[0]} exited with ${code}: ${output.trim()}`))));
  });
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (POSTGRES_CLUSTER_SKIP) throw new Error(POSTGRES_CLUSTER_SKIP);
  const dir = await mkdtemp(join(tmpdir(), 'auth-postgres-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const port = await freePort();
  // fsync off: the cluster only has to outlive its own stops, not the machine's.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const stop = (mode: 'fast' | 'immediate') => run('pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', '60']);
  const start = () => run('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '60', '-o', options]);
  // The server is up while its pid file exists, whichever step failed or stopped it.
  const running = () => existsSync(join(data, 'postmaster.pid'));
  // A test process that dies before its teardown must not leave a server running.
  const stopOnExit = () => {
    if (!running()) return;
    const [file, argv] = command('pg_ctl', ['stop', '-D', data, '-m', 'immediate']);
    spawnSync(file, argv, { stdio: 'ignore' });
  };
  process.once('exit', stopOnExit);
  const remove = async () => {
    process.off('exit', stopOnExit);
    if (running()) await stop('immediate').catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };

  try {
    if (owner) await chown(dir, owner.uid, owner.gid);
    await run('initdb', ['-D', data, '-U', SUPERUSER, '--auth=trust', '--no-sync', '--no-instructions', '-E', 'UTF8', '--no-locale']);
    await start();
  } catch (error) {
    await remove();
    throw error;
  }

  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    stop,
    start,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    remove,
  };
}
