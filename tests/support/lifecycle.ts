import assert from 'node:assert/strict';
import { decodeJwt, SignJWT } from 'jose';
import { generate } from 'otplib';
import { secretKid } from '../../lib/auth/keys';
import type { AppServer } from './app-server';
import { call, type ApiResponse } from './client';
import { bodyOf, loginOptionsOf, passkeyOf, projectBody, recoveryCodesBody, registrationOptionsOf, taskBody, totpSetupBody } from './bodies';
import { SoftwareAuthenticator, type AssertionOverrides, type AuthenticationOptions, type RegistrationOptions } from './webauthn';

/**
 * Steps the account-lifecycle suites share: a stale token, a second factor, a passkey, a
 * passkey sign-in, projects and the cookies a browser would keep. Every body is read through a
 * schema, so these steps fail with the server's answer when it is not what they need.
 */

const nowSeconds = () => Math.floor(Date.now() / 1000);
const STEP_SECONDS = 30;

/** The same access token's claims with `auth_time` an hour back, signed with the app's key: a session whose last proof is old. */
export async function staleToken(app: AppServer, accessToken: string): Promise<string> {
  const claims = decodeJwt(accessToken);
  const now = nowSeconds();
  return new SignJWT({ ...claims, auth_time: now - 3600, iat: now, exp: now + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: await secretKid(app.env.JWT_SECRET!) })
    .sign(new TextEncoder().encode(app.env.JWT_SECRET));
}

/** A TOTP code of the current step plus `steps` (the server accepts one step either side, each once). */
export const totpCode = (secret: string, steps = 0) => generate({ secret, epoch: nowSeconds() + steps * STEP_SECONDS });

/** Turns the second factor on: the secret as an authenticator app holds it, and the recovery codes. */
export async function enableTotp(app: AppServer, accessToken: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await call(app, 'POST', '/api/auth/mfa/totp/setup', { token: accessToken });
  const { secret } = bodyOf(setup, totpSetupBody, 'TOTP set-up');
  const enable = await call(app, 'POST', '/api/auth/mfa/totp/enable', { token: accessToken, json: { code: await totpCode(secret) } });
  const { recoveryCodes } = bodyOf(enable, recoveryCodesBody, 'TOTP enable');
  return { secret, recoveryCodes };
}

/** Adds a passkey made by a new software authenticator to the account behind `accessToken`. */
export async function addPasskey(app: AppServer, accessToken: string, name: string): Promise<{ authenticator: SoftwareAuthenticator; passkeyId: string }> {
  const options = registrationOptionsOf(await call(app, 'POST', '/api/auth/passkeys/options', { token: accessToken }), 'passkey options');
  const authenticator = new SoftwareAuthenticator(app.url);
  const response = authenticator.register(options satisfies RegistrationOptions);
  const added = await call(app, 'POST', '/api/auth/passkeys', { token: accessToken, json: { response, name } });
  return { authenticator, passkeyId: passkeyOf(added, 'adding a passkey').id };
}

/** The `name=value` of the cookie `name` (or `__Host-name`) a response set, for a Cookie header. */
export function cookiePair(res: ApiResponse, name: string): string | undefined {
  const line = res.setCookie.find((cookie) => new RegExp(`^(__Host-)?${name}=`).test(cookie));
  return line?.split(';')[0];
}

/** A whole passkey sign-in: options (and their cookie), then the authenticator's answer. `cookies` adds what the browser holds. */
export async function passkeySignIn(app: AppServer, authenticator: SoftwareAuthenticator, overrides: AssertionOverrides = {}, cookies: string[] = []): Promise<ApiResponse> {
  const options = await call(app, 'POST', '/api/auth/passkeys/login/options', { headers: cookies.length > 0 ? { cookie: cookies.join('; ') } : {} });
  const loginOptions = loginOptionsOf(options, 'passkey sign-in options');
  const binding = cookiePair(options, 'passkey_login');
  assert.ok(binding, 'the passkey sign-in cookie');
  const response = authenticator.authenticate(loginOptions satisfies AuthenticationOptions, overrides);
  return call(app, 'POST', '/api/auth/passkeys/login', { json: { response }, headers: { cookie: [binding, ...cookies].join('; ') } });
}

/** A project with tasks, through the API. */
export async function projectWithTasks(app: AppServer, accessToken: string, name: string, titles: string[]): Promise<{ id: string; taskIds: string[] }> {
  const created = bodyOf(await call(app, 'POST', '/api/projects', { token: accessToken, json: { name } }), projectBody, 'creating a project');
  const taskIds: string[] = [];
  for (const title of titles) {
    const task = await call(app, 'POST', `/api/projects/${created.project.id}/tasks`, { token: accessToken, json: { title } });
    taskIds.push(bodyOf(task, taskBody, 'creating a task').task.id);
  }
  return { id: created.project.id, taskIds };
}
