import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import type { Role } from '../../lib/auth/roles';
import { E2E_ADMIN_EMAIL } from '../../playwright.config';

/**
 * Setting the scene through the API, for steps a flow needs but does not test (making an editor,
 * filling the directory). The admin is the one address the local server lists in ADMIN_EMAILS.
 */

/** Against a deployment (PLAYWRIGHT_BASE_URL) there is no known admin, so the flows needing one skip. */
export const adminUnavailable = Boolean(process.env.PLAYWRIGHT_BASE_URL);
export const ADMIN_UNAVAILABLE = 'needs the local server, whose ADMIN_EMAILS names the e2e admin';

export const E2E_ADMIN = { email: E2E_ADMIN_EMAIL, password: 'Sturdy-e2e-admin-passphrase', firstName: 'Ada', lastName: 'Admin' };

/**
 * A fresh admin access token (they last ACCESS_TOKEN_TTL, 5 s here, so each step gets its own).
 * Logging in comes first: after the first call of the run it is the one auth request this costs
 * against the per-address limit on logins and sign-ups.
 */
export async function adminToken(request: APIRequestContext): Promise<string> {
  const credentials = { email: E2E_ADMIN.email, password: E2E_ADMIN.password };
  const loggedIn = await request.post('/api/auth/login', { data: credentials });
  if (loggedIn.status() === 200) return (await loggedIn.json()).accessToken;
  expect(loggedIn.status(), 'log the e2e admin in, or learn they are not registered yet').toBe(401);
  const registered = await request.post('/api/auth/register', { data: E2E_ADMIN });
  expect(registered.status(), 'register the e2e admin').toBe(201);
  return (await registered.json()).accessToken;
}

async function asAdmin(request: APIRequestContext, method: 'post' | 'patch', path: string, data: unknown) {
  const response = await request[method](path, { data, headers: { Authorization: `Bearer ${await adminToken(request)}` } });
  expect(response.ok(), `${method.toUpperCase()} ${path}: ${response.status()}`).toBe(true);
  return response.json();
}

export async function setRole(request: APIRequestContext, userId: string, role: Role) {
  await asAdmin(request, 'patch', `/api/admin/users/${userId}`, { role });
}

/** An employee with a name no other test uses, since the directory is shared by the whole run. */
export function newEmployee() {
  const tag = randomUUID().slice(0, 8);
  return { firstName: 'Grace', lastName: `Hopper-${tag}`, email: `grace-${tag}@example.com`, title: 'Rear admiral' };
}

export async function createEmployee(request: APIRequestContext, employee = newEmployee()) {
  await asAdmin(request, 'post', '/api/employees', employee);
  return employee;
}
