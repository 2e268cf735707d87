import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import type { z } from 'zod';
import type { Role } from '../../lib/auth/roles';
import { adminUserBody, employeeBody, jsonOf, signedInBody } from '../support/bodies';
import { E2E_ADMIN } from './admin-account';

/**
 * Setting the scene through the API, for steps a flow needs but does not test (making an editor,
 * filling the directory), as the e2e admin. The global setup has registered that admin where the
 * target had no such account yet; flows use these only after `needs('admin')`.
 */

/**
 * A fresh admin access token for each step, since they may last only seconds. A login is the
 * cheapest auth request against the per-address limit on logins and sign-ups.
 */
export async function adminToken(request: APIRequestContext): Promise<string> {
  const loggedIn = await request.post('/api/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } });
  expect(loggedIn.status(), 'log the e2e admin in').toBe(200);
  return (await jsonOf(loggedIn, signedInBody)).accessToken;
}

async function asAdmin(request: APIRequestContext, method: 'post' | 'patch', path: string, data: unknown, answer: z.ZodType) {
  const response = await request[method](path, { data, headers: { Authorization: `Bearer ${await adminToken(request)}` } });
  expect(response.ok(), `${method.toUpperCase()} ${path}: ${response.status()}`).toBe(true);
  await jsonOf(response, answer, `${method.toUpperCase()} ${path}`);
}

export async function setRole(request: APIRequestContext, userId: string, role: Role) {
  await asAdmin(request, 'patch', `/api/admin/users/${userId}`, { role }, adminUserBody);
}

/** An employee with a name no other test uses, since the directory is shared by the whole run. */
export function newEmployee() {
  const tag = randomUUID().slice(0, 8);
  return { firstName: 'Grace', lastName: `Hopper-${tag}`, email: `grace-${tag}@example.com`, title: 'Rear admiral' };
}

export async function createEmployee(request: APIRequestContext, employee = newEmployee()) {
  await asAdmin(request, 'post', '/api/employees', employee, employeeBody);
  return employee;
}
