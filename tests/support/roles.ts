import { decodeJwt } from 'jose';
import type { AppServer } from './app-server';
import { call, newUser, signUp } from './client';

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
  const res = await call(app, 'POST', '/api/auth/login', { json: { email: who.email, password: who.password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email: who.email, password: who.password, accessToken: res.body.accessToken, refresh: res.refreshCookie! };
}

const bootstrapAdmins = new WeakMap<AppServer, Promise<SignedIn>>();

/**
 * The first address of the app's ADMIN_EMAILS, signed in: registered on first use (or logged in, when
 * a kept database already has it). Logging in raises an ADMIN_EMAILS address to admin again, so a
 * test that demoted it does not break later promotions.
 */
function bootstrapAdmin(app: AppServer, fresh = false): Promise<SignedIn> {
  const email = app.env.ADMIN_EMAILS?.split(',')[0]?.trim();
  if (!email) throw new Error('signUpAs needs the app started with ADMIN_EMAILS');
  const cached = bootstrapAdmins.get(app);
  if (cached && !fresh) return cached;
  const signIn = (async () => {
    const password = cached ? (await cached).password : newUser().password;
    const registered = await call(app, 'POST', '/api/auth/register', { json: newUser({ email, password }) });
    const session = registered.status === 201 ? null : await logIn(app, { email, password });
    const admin = session ?? {
      id: registered.body.user.id,
      email,
      password,
      accessToken: registered.body.accessToken,
      refresh: registered.refreshCookie!,
    };
    if (decodeJwt(admin.accessToken).role !== 'admin') throw new Error(`${email} did not become admin: is it in ADMIN_EMAILS?`);
    return admin;
  })();
  bootstrapAdmins.set(app, signIn);
  signIn.catch(() => bootstrapAdmins.delete(app));
  return signIn;
}

/** Sets `userId`'s role through `PATCH /api/admin/users/:id`, as the ADMIN_EMAILS admin. */
export async function setRole(app: AppServer, userId: string, role: Role): Promise<void> {
  let admin = await bootstrapAdmin(app);
  let res = await call(app, 'PATCH', `/api/admin/users/${userId}`, { token: admin.accessToken, json: { role } });
  if (res.status === 403) {
    // Someone demoted the bootstrap admin; logging in again raises it back.
    admin = await bootstrapAdmin(app, true);
    res = await call(app, 'PATCH', `/api/admin/users/${userId}`, { token: admin.accessToken, json: { role } });
  }
  if (res.status !== 200 || res.body.user?.role !== role) throw new Error(`setting role ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * Registers a fresh user with `role`. Editors and admins are promoted by the ADMIN_EMAILS admin and
 * then refresh once, since a role change reaches the access token only at the next refresh.
 */
export async function signUpAs(app: AppServer, role: Role, overrides: Parameters<typeof newUser>[0] = {}): Promise<SignedIn> {
  const { user, response, accessToken, refresh } = await signUp(app, overrides);
  const signedIn: SignedIn = { id: response.body.user.id, email: response.body.user.email, password: user.password, accessToken, refresh };
  if (role === 'user') return signedIn;
  await setRole(app, signedIn.id, role);
  const refreshed = await refreshWith(app, refresh);
  if (refreshed.status !== 200) throw new Error(`refresh after promotion failed: ${refreshed.status} ${JSON.stringify(refreshed.body)}`);
  const tokenRole = decodeJwt(refreshed.body.accessToken).role;
  if (tokenRole !== role) throw new Error(`the refreshed access token says ${String(tokenRole)}, not ${role}`);
  return { ...signedIn, accessToken: refreshed.body.accessToken, refresh: refreshed.refreshCookie! };
}
