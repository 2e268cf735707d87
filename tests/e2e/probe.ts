import { randomUUID } from 'node:crypto';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { jsonOf, signedInBody, usersBody, type SignedInBody } from '../support/bodies';
import { newUser } from '../support/client';
import { newestLinkIn } from '../support/outbox';
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
  const { iat, exp } = claimsOf((await jsonOf(registered, signedInBody, 'the throwaway sign-up')).accessToken);
  return exp - iat;
}

async function outboxLack(request: APIRequestContext): Promise<string | undefined> {
  const status = (await request.get('/dev/outbox', { maxRedirects: 0 })).status();
  if (status === 200) return undefined;
  return `the target keeps no readable outbox for the reset and verification mail: /dev/outbox answered ${status} (it needs DEV_OUTBOX and no SMTP_URL)`;
}

const logInAdmin = (request: APIRequestContext) => request.post('/api/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password }, maxRedirects: 0 });

/** The e2e admin, logged in, or registered on the first run against a fresh database (`registered`). */
async function signInAdmin(request: APIRequestContext): Promise<{ body: SignedInBody; registered: boolean }> {
  const loggedIn = await logInAdmin(request);
  if (loggedIn.status() === 200) return { body: await jsonOf(loggedIn, signedInBody, `logging ${E2E_ADMIN.email} in`), registered: false };
  if (loggedIn.status() !== 401) throw await failure(`logging ${E2E_ADMIN.email} in`, loggedIn);
  const registered = await request.post('/api/auth/register', { data: E2E_ADMIN, maxRedirects: 0 });
  if (registered.status() === 201) return { body: await jsonOf(registered, signedInBody, `registering ${E2E_ADMIN.email}`), registered: true };
  if (registered.status() === 409) throw new Error(`${E2E_ADMIN.email} is registered on the target, and E2E_ADMIN_PASSWORD does not log it in`);
  throw await failure(`registering ${E2E_ADMIN.email}`, registered);
}

/**
 * ADMIN_EMAILS makes an account admin only once its address is verified: the link is read from
 * the outbox and used, as the person owning the mailbox would. A link can be retired by a newer
 * one still on its way (the sign-up's and a resend's), so the newest is tried until one works.
 */
async function verifyThroughOutbox(request: APIRequestContext, accessToken: string, justRegistered: boolean): Promise<void> {
  if (!justRegistered) {
    const resent = await request.post('/api/auth/verify-email/resend', { headers: { Authorization: `Bearer ${accessToken}` }, maxRedirects: 0 });
    if (resent.status() !== 202) throw await failure(`asking for a verification link for ${E2E_ADMIN.email}`, resent);
  }
  const tried = new Set<string>();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const token = newestLinkIn(await (await request.get('/dev/outbox', { maxRedirects: 0 })).text(), E2E_ADMIN.email);
    if (token && !tried.has(token)) {
      tried.add(token);
      const verified = await request.post('/api/auth/verify-email', { data: { token }, maxRedirects: 0 });
      if (verified.status() === 200) return;
      if (verified.status() !== 400) throw await failure(`verifying ${E2E_ADMIN.email}`, verified);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no working verification link for ${E2E_ADMIN.email} reached /dev/outbox`);
}

/** The e2e admin's access token, its address verified first where it is not yet and the target's outbox allows. */
async function adminAccessToken(request: APIRequestContext, outbox: boolean): Promise<string> {
  const { body, registered } = await signInAdmin(request);
  if (claimsOf(body.accessToken).role === 'admin' || body.user.emailVerified !== false || !outbox) return body.accessToken;
  // A fresh sign-up's link is already on its way; an older account asks for a new one.
  await verifyThroughOutbox(request, body.accessToken, registered);
  // The role is read at sign-in: a new login's token carries the one verification granted.
  const again = await logInAdmin(request);
  if (again.status() !== 200) throw await failure(`logging ${E2E_ADMIN.email} in once verified`, again);
  return (await jsonOf(again, signedInBody, `logging ${E2E_ADMIN.email} in once verified`)).accessToken;
}

async function adminLacks(request: APIRequestContext, outbox: boolean): Promise<TargetCapabilities['lacks']> {
  if (!e2eAdminKnown) return { admin: 'no admin to sign in as: set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD, with that address in the target\'s ADMIN_EMAILS' };
  const accessToken = await adminAccessToken(request, outbox);
  const { role } = claimsOf(accessToken);
  if (role !== 'admin') {
    return {
      admin: `${E2E_ADMIN.email} signs in with role "${role}", not admin: the target's ADMIN_EMAILS must list it, and its address must be verified (the probe verifies it through /dev/outbox where there is one)`,
    };
  }
  const listed = await request.get('/api/admin/users', { headers: { Authorization: `Bearer ${accessToken}` }, maxRedirects: 0 });
  if (listed.status() !== 200) throw await failure('listing users as the e2e admin', listed);
  const { users } = await jsonOf(listed, usersBody, 'listing users as the e2e admin');
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
      ...(await adminLacks(request, outbox === undefined)),
    },
  };
}
