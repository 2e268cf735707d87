import { randomUUID } from 'node:crypto';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { newUser } from '../support/client';
import { E2E_ADMIN, e2eAdminKnown } from './admin-account';
import { E2E_REAUTH_MAX_AGE_SECONDS } from '../support/e2e-server';
import { SHORT_ACCESS_TOKEN_SECONDS, SHORT_REAUTH_SECONDS, type TargetCapabilities } from './capabilities';

/**
 * Finds out what the target can do by asking it, the way the flows will: a throwaway sign-up for
 * the access-token lifetime, /dev/outbox for a readable outbox, the e2e admin's own token for the
 * admin role. Redirects are not followed, so a protection or login wall shows as itself.
 */

interface Claims {
  iat: number;
  exp: number;
  role: string;
}

function claimsOf(accessToken: string): Claims {
  return JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as Claims;
}

async function failure(what: string, response: APIResponse): Promise<Error> {
  const body = (await response.text()).slice(0, 200);
  return new Error(`${what}: ${response.status()} ${response.statusText()} ${body}`);
}

async function assertReachable(request: APIRequestContext): Promise<void> {
  const health = await request.get('/api/health', { maxRedirects: 0 });
  if (health.status() === 200) return;
  const hint = [401, 403].includes(health.status()) ? ' (deployment protection? set VERCEL_AUTOMATION_BYPASS_SECRET)' : '';
  throw await failure(`the target's /api/health is not healthy${hint}`, health);
}

async function accessTokenSeconds(request: APIRequestContext): Promise<number> {
  const registered = await request.post('/api/auth/register', { data: newUser({ email: `probe-${randomUUID()}@example.com` }), maxRedirects: 0 });
  if (registered.status() !== 201) throw await failure('signing a throwaway user up', registered);
  const { iat, exp } = claimsOf((await registered.json()).accessToken);
  return exp - iat;
}

async function outboxLack(request: APIRequestContext): Promise<string | undefined> {
  const status = (await request.get('/dev/outbox', { maxRedirects: 0 })).status();
  if (status === 200) return undefined;
  return `the target keeps no readable outbox for the reset mail: /dev/outbox answered ${status} (it needs DEV_OUTBOX and no SMTP_URL)`;
}

/** The e2e admin's access token: logged in, or registered on the first run against a fresh database. */
async function adminAccessToken(request: APIRequestContext): Promise<string> {
  const loggedIn = await request.post('/api/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password }, maxRedirects: 0 });
  if (loggedIn.status() === 200) return (await loggedIn.json()).accessToken;
  if (loggedIn.status() !== 401) throw await failure(`logging ${E2E_ADMIN.email} in`, loggedIn);
  const registered = await request.post('/api/auth/register', { data: E2E_ADMIN, maxRedirects: 0 });
  if (registered.status() === 201) return (await registered.json()).accessToken;
  if (registered.status() === 409) throw new Error(`${E2E_ADMIN.email} is registered on the target, and E2E_ADMIN_PASSWORD does not log it in`);
  throw await failure(`registering ${E2E_ADMIN.email}`, registered);
}

async function adminLacks(request: APIRequestContext): Promise<TargetCapabilities['lacks']> {
  if (!e2eAdminKnown) return { admin: 'no admin to sign in as: set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD, with that address in the target\'s ADMIN_EMAILS' };
  const accessToken = await adminAccessToken(request);
  const { role } = claimsOf(accessToken);
  if (role !== 'admin') return { admin: `${E2E_ADMIN.email} signs in with role "${role}", not admin: the target's ADMIN_EMAILS must list it` };
  const listed = await request.get('/api/admin/users', { headers: { Authorization: `Bearer ${accessToken}` }, maxRedirects: 0 });
  if (listed.status() !== 200) throw await failure('listing users as the e2e admin', listed);
  const users: { email: string; role: string }[] = (await listed.json()).users;
  const others = users.filter((user) => user.role === 'admin' && user.email !== E2E_ADMIN.email).length;
  if (others === 0) return {};
  return { soleAdmin: `the target has ${others} admin(s) besides ${E2E_ADMIN.email}, so demoting the e2e admin would succeed` };
}

/**
 * REAUTH_MAX_AGE cannot be read from outside without waiting it out: the local server's is known,
 * another target's is what E2E_REAUTH_MAX_AGE (seconds) says.
 */
function reauthMaxAge(): { seconds?: number; lack?: string } {
  if (!process.env.PLAYWRIGHT_BASE_URL) return { seconds: E2E_REAUTH_MAX_AGE_SECONDS };
  const given = process.env.E2E_REAUTH_MAX_AGE;
  const seconds = given && /^\d+$/.test(given) ? Number(given) : undefined;
  if (seconds === undefined) return { lack: "the target's REAUTH_MAX_AGE is not known: set E2E_REAUTH_MAX_AGE to it, in seconds, to run the step-up flow" };
  if (seconds > SHORT_REAUTH_SECONDS) return { seconds, lack: `REAUTH_MAX_AGE on the target is ${seconds} s; the step-up flow waits it out, which needs ${SHORT_REAUTH_SECONDS} s or less` };
  return { seconds };
}

export async function probeTarget(request: APIRequestContext): Promise<TargetCapabilities> {
  await assertReachable(request);
  const seconds = await accessTokenSeconds(request);
  const outbox = await outboxLack(request);
  const reauth = reauthMaxAge();
  return {
    accessTokenSeconds: seconds,
    ...(reauth.seconds === undefined ? {} : { reauthMaxAgeSeconds: reauth.seconds }),
    lacks: {
      ...(reauth.lack ? { shortReauth: reauth.lack } : {}),
      ...(seconds > SHORT_ACCESS_TOKEN_SECONDS
        ? { shortAccessTokens: `access tokens on the target live ${seconds} s (ACCESS_TOKEN_TTL); this flow waits for one to expire, which needs ${SHORT_ACCESS_TOKEN_SECONDS} s or less` }
        : {}),
      ...(outbox ? { outbox } : {}),
      ...(await adminLacks(request)),
    },
  };
}
