import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { killWithThisProcess, stopChild } from './child-process';
import { nginxConfig } from './nginx-config';
import { waitFor } from './ports';

/**
 * A TLS-terminating proxy on loopback, as a hosting platform's edge puts in front of the app:
 * nginx with a self-signed certificate for localhost made at start, all its files in a temp dir
 * that is removed at stop. Needs `nginx` (Debian: nginx-light) and `openssl`.
 */
export interface ProxiedResponse {
  status: number;
  setCookie: string[];
  body: string;
}

export interface HttpsProxy {
  /** `https://localhost:<port>` */
  url: string;
  /** GET through the proxy, trusting its certificate; for checks outside the browser. */
  get(path: string, headers?: Record<string, string>): Promise<ProxiedResponse>;
  /** Any request through the proxy, as a client on this machine would send it. */
  request(path: string, options: { method: string; headers?: Record<string, string>; body?: string }): Promise<ProxiedResponse>;
  stop(): Promise<void>;
}

export interface HttpsProxyOptions {
  port: number;
  /** The plain-HTTP origin to forward to, e.g. `http://127.0.0.1:3000`. */
  upstream: string;
  /** Refuse like Vercel's Deployment Protection unless this is sent as `x-vercel-protection-bypass`. */
  protectionBypassSecret?: string;
}

const run = promisify(execFile);

// Debian keeps nginx in /usr/sbin, which is not on an ordinary user's PATH.
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/opt/homebrew/bin/nginx', '/usr/local/bin/nginx'].find(existsSync) ?? 'nginx';

const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

/** Why the proxy cannot start on this machine (nginx or openssl missing), or false when it can. */
export function httpsProxyUnavailable(): string | false {
  const missing = [
    ['nginx', NGINX, '-v'],
    ['openssl', 'openssl', 'version'],
  ].filter(([, command, arg]) => spawnSync(command!, [arg!], { stdio: 'ignore' }).status !== 0);
  return missing.length === 0 ? false : `${missing.map(([name]) => name).join(' and ')} not installed (Debian: apt-get install nginx-light openssl)`;
}

/**
 * Every temp path is compiled in as an absolute path outside the temp dir (e.g. /var/lib/nginx),
 * which an ordinary user cannot write, so each module's is moved; naming one for a module
 * configured out (`--without-http_<name>_module`) would be an unknown directive.
 */
async function tempPathDirectives(): Promise<string[]> {
  const { stderr } = await run(NGINX, ['-V']);
  return TEMP_PATHS.filter((name) => name === 'client_body' || !stderr.includes(`--without-http_${name}_module`)).map((name) => `${name}_temp_path`);
}

async function selfSignedCertificate(dir: string): Promise<{ certificate: string; key: string }> {
  const certificate = join(dir, 'localhost.crt');
  const key = join(dir, 'localhost.key');
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', certificate,
  ]);
  return { certificate, key };
}

function send(url: string, ca: string, options: { method: string; headers?: Record<string, string>; body?: string }): Promise<ProxiedResponse> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { ca, method: options.method, headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, setCookie: response.headers['set-cookie'] ?? [], body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.once('error', reject);
    request.end(options.body);
  });
}

const get = (url: string, ca: string, headers: Record<string, string>) => send(url, ca, { method: 'GET', headers });

export async function startHttpsProxy(options: HttpsProxyOptions): Promise<HttpsProxy> {
  const { port, upstream, protectionBypassSecret } = options;
  if (protectionBypassSecret !== undefined && !/^[\w-]{16,}$/.test(protectionBypassSecret)) {
    throw new Error('The emulated bypass secret must be 16 or more letters, digits, _ or -');
  }
  const dir = await mkdtemp(join(tmpdir(), 'https-proxy-'));
  try {
    // As root, nginx's workers drop to an unprivileged user (the build's default), who must reach
    // the temp paths nginx creates for them in here; the key stays readable by root only.
    if (process.getuid?.() === 0) await chmod(dir, 0o711);
    const { certificate, key } = await selfSignedCertificate(dir);
    const protection = protectionBypassSecret ? { secret: protectionBypassSecret, cookieValue: randomBytes(24).toString('hex') } : undefined;
    const configFile = join(dir, 'nginx.conf');
    await writeFile(configFile, nginxConfig({ dir, port, upstream, certificate, key, tempPathDirectives: await tempPathDirectives(), protection }));

    const child = spawn(NGINX, ['-p', dir, '-c', configFile, '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    // nginx outlives a runner that dies without stopping it.
    killWithThisProcess(child);

    const url = `https://localhost:${port}`;
    const ca = await readFile(certificate, 'utf8');
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited with ${code}:\n${output}`))));
    try {
      // Any answer over TLS will do (the emulated protection answers 401).
      await Promise.race([exited, waitFor(() => get(`${url}/`, ca, {}).then(() => true), `nginx on ${url}`)]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }

    return {
      url,
      get: (path, headers = {}) => get(`${url}${path}`, ca, headers),
      request: (path, options) => send(`${url}${path}`, ca, options),
      stop: async () => {
        await stopChild(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
