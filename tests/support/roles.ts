import { decodeJwt } from 'jose';
import { OWN_ORIGIN, type AppServer } from './app-server';
import { accessTokenOf, adminUserBody, bodyOf, signedInBody, userOf } from './bodies';
import { call, newUser, signUp, unlessBusy } from './client';
import { outboxLinkTo } from './outbox';

export type Role = 'user' | 'editor' | 'admin';

/** A signed-in user: the credentials they typed, their id, a current access token and refresh cookie. */
export interface SignedIn {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refresh: string;
}

/** `POST /api/auth/refresh` with a refresh cookie, from the app's own origin as a browser would send it. */
export function refreshWith(app: AppServer, cookie: string) {
  return call(app, 'POST', '/api/auth/refresh', { cookie, headers: { origin: app.url } });
}

/** Logs in again: a new, independent session. */
export async function logIn(app: AppServer, who: { email: string; password: string }): Promise<SignedIn> {
  const res = await unlessBusy(() => call(app, 'POST', '/api/auth/login', { json: { email: who.email, password: who.password } }));
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const { user, accessToken } = bodyOf(res, signedInBody);
  return { id: user.id, email: who.email, password: who.password, accessToken, refresh: res.refreshCookie! };
}

/**
 * What an app needs for signUpAs to make editors and admins: `email` in ADMIN_EMAILS, and its
 * verification mail kept in /dev/outbox with a link back to the app.
 */
export function adminEnv(email: string): Record<string, string> {
  return { ADMIN_EMAILS: email, DEV_OUTBOX: '1', APP_URL: OWN_ORIGIN };
}

const bootstrapAdmins = new WeakMap<AppServer, Promise<SignedIn>>();

/**
 * The first address of the app's ADMIN_EMAILS, signed in as admin: registered on first use, then
 * verified through the link in /dev/outbox (the app needs DEV_OUTBOX=1), since ADMIN_EMAILS makes
 * an account admin only once its address is verified. Grants are given once: a test that demotes
 * this admin must put it back (admin.test.ts does).
 */
function bootstrapAdmin(app: AppServer): Promise<SignedIn> {
  const email = app.env.ADMIN_EMAILS?.split(',')[0]?.trim();
  if (!email) throw new Error('signUpAs needs the app started with ADMIN_EMAILS');
  const cached = bootstrapAdmins.get(app);
  if (cached) return cached;
  const signIn = (async () => {
    const { password } = newUser();
    const registered = await call(app, 'POST', '/api/auth/register', { json: newUser({ email, password }) });
    if (registered.status !== 201) throw new Error(`registering ${email} failed: ${registered.status} ${JSON.stringify(registered.body)}`);
    const account = userOf(registered);
    if (account.role !== 'user') throw new Error(`${email} is ${account.role} before verifying its address`);
    const verified = await call(app, 'POST', '/api/auth/verify-email', { json: { token: await outboxLinkTo(app, email) } });
    if (verified.status !== 200 || userOf(verified).role !== 'admin') {
      throw new Error(`${email} did not become admin once verified (is it in ADMIN_EMAILS?): ${verified.status} ${JSON.stringify(verified.body)}`);
    }
    // The sign-up's access token still says user; the next refresh reads the role afresh.
    const refreshed = await refreshWith(app, registered.refreshCookie!);
    if (refreshed.status !== 200 || decodeJwt(accessTokenOf(refreshed)).role !== 'admin') {
      throw new Error(`refresh after verifying ${email} failed: ${refreshed.status} ${JSON.stringify(refreshed.body)}`);
    }
    return { id: account.id, email, password, accessToken: accessTokenOf(refreshed), refresh: refreshed.refreshCookie! };
  })();
  bootstrapAdmins.set(app, signIn);
  signIn.catch(() => bootstrapAdmins.delete(app));
  return signIn;
}

/** Sets `userId`'s role through `PATCH /api/admin/users/:id`, as the ADMIN_EMAILS admin. */
export async function setRole(app: AppServer, userId: string, role: Role): Promise<void> {
  const admin = await bootstrapAdmin(app);
  const change = (token: string) => call(app, 'PATCH', `/api/admin/users/${userId}`, { token, json: { role } });
  let res = await change(admin.accessToken);
  // Its session ended: an embedded server restarted by a test's database edit forgets the
  // sessions of its in-process store, and a role change wants a live one. It signs in again.
  if (res.status === 401) {
    admin.accessToken = (await logIn(app, admin)).accessToken;
    res = await change(admin.accessToken);
  }
  if (res.status !== 200 || bodyOf(res, adminUserBody).user.role !== role) throw new Error(`setting role ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * Registers a fresh user with `role`. Editors and admins are promoted by the ADMIN_EMAILS admin and
 * then refresh once, since a role change reaches the access token only at the next refresh.
 */
export async function signUpAs(app: AppServer, role: Role, overrides: Parameters<typeof newUser>[0] = {}): Promise<SignedIn> {
  const { user, response, accessToken, refresh } = await signUp(app, overrides);
  const account = userOf(response);
  const signedIn: SignedIn = { id: account.id, email: account.email, password: user.password, accessToken, refresh };
  if (role === 'user') return signedIn;
  await setRole(app, signedIn.id, role);
  const refreshed = await refreshWith(app, refresh);
  if (refreshed.status !== 200) throw new Error(`refresh after promotion failed: ${refreshed.status} ${JSON.stringify(refreshed.body)}`);
  const refreshedToken = accessTokenOf(refreshed);
  const tokenRole = decodeJwt(refreshedToken).role;
  if (tokenRole !== role) throw new Error(`the refreshed access token says ${String(tokenRole)}, not ${role}`);
  return { ...signedIn, accessToken: refreshedToken, refresh: refreshed.refreshCookie! };
}
