'use client';

import { authClient } from './auth-context';

/** A JSON request to the app's API through the page's auth client (Bearer token, refresh on expiry). */
export function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return authClient().json<T>(
    path,
    body === undefined ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  );
}
