import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUSY_MESSAGE } from '../../lib/http/errors';
import type { AppServer } from './app-server';
import { accessTokenOf } from './bodies';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  /** The refresh cookie's value this response set, under either name (empty string when it cleared it), if any. */
  refreshCookie: string | undefined;
  setCookie: string[];
}

export async function call(
  app: AppServer,
  method: string,
  path: string,
  options: { json?: unknown; body?: string; headers?: Record<string, string>; token?: string; cookie?: string } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  // Both names: the server reads only the one for the scheme it is served over (`__Host-` over
  // HTTPS, which APP_URL decides), as a browser would hold only that one.
  if (options.cookie !== undefined) headers.cookie = `refresh_token=${options.cookie}; __Host-refresh_token=${options.cookie}`;
  const send = headers.host === undefined ? fetch : fetchAsHost;
  const response = await send(`${app.url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  const setCookie = response.headers.getSetCookie();
  const refresh = setCookie.find((cookie) => /^(__Host-)?refresh_token=/.test(cookie));
  return {
    status: response.status,
    headers: response.headers,
    body: parsed,
    setCookie,
    refreshCookie: refresh === undefined ? undefined : refresh.slice(refresh.indexOf('=') + 1).split(';')[0],
  };
}

/**
 * fetch() always sends the URL's own Host, so requests that arrive under another name (behind a
 * proxy, a forged Host) go through node:http, which sends the Host header it is given.
 */
function fetchAsHost(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: init.method, headers: init.headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
        }
        const status = incoming.statusCode ?? 0;
        resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

export function newUser(overrides: Partial<{ email: string; password: string; firstName: string; lastName: string }> = {}) {
  return {
    email: `user-${randomUUID()}@example.com`,
    password: `Sturdy-${randomUUID().slice(0, 8)}-passphrase`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    ...overrides,
  };
}

/**
 * Sends again, after its Retry-After, what the bounded password-hashing queue turned away (503,
 * "busy"), up to five times, as a client would. On a loaded machine the queue refuses part of any
 * burst of sign-ups or logins by design; a test about something else must not fail for it.
 */
export async function unlessBusy(send: () => Promise<ApiResponse>): Promise<ApiResponse> {
  for (let attempt = 1; ; attempt++) {
    const response = await send();
    const busy = response.status === 503 && (response.body as { message?: unknown } | undefined)?.message === BUSY_MESSAGE;
    if (!busy || attempt === 5) return response;
    await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
  }
}

/** Registers a fresh user: the response, its access token and its refresh cookie. */
export async function signUp(app: AppServer, overrides: Parameters<typeof newUser>[0] = {}) {
  const user = newUser(overrides);
  const response = await unlessBusy(() => call(app, 'POST', '/api/auth/register', { json: user }));
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { user, response, accessToken: accessTokenOf(response), refresh: response.refreshCookie! };
}
