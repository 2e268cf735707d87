import type { ErrorCode } from '../http/errors';
import type { PublicUser } from '../users/public-user';

/**
 * The browser's side of the token design. The access token lives in this object's memory only:
 * never in localStorage, sessionStorage, a readable cookie or a URL. The refresh token is an
 * HttpOnly cookie this code cannot see; it only asks /api/auth/refresh to use it.
 */

export interface ClientSession {
  user: PublicUser;
  accessToken: string;
}

/** The password was right and the account has a second factor: the login goes on with a code. */
export interface SecondStep {
  mfaToken: string;
}

/** How the user proves who they are again, when an action needs a recent sign-in. */
export type ReauthProof = { password: string } | { code: string };

/**
 * Asks the person to re-authenticate (the page's dialog) and resolves once they did (true) or
 * gave up (false).
 */
export type ReauthPrompt = () => Promise<boolean>;

/** A sign-up under EMAIL_VERIFICATION=required: the account exists, but no session until the emailed link is used. */
export interface PendingVerification {
  verificationRequired: true;
  user: PublicUser;
}

/** What using a verification or address-change link did; `signedIn` when the link itself started a session. */
export interface UsedEmailLink {
  user: PublicUser;
  signedIn: boolean;
}

/** Why a refresh was asked for; sent as `X-Refresh-Reason` for reading network logs, and kept in the refresh log. */
export type RefreshReason = 'load' | 'expired' | 'other-tab' | 'proactive' | 'account';
export type RefreshOutcome = 'ok' | 'signed-out' | 'error';

/** One refresh this tab made, for the token inspector. `at` is when it was asked for (ms since the epoch). */
export interface RefreshRecord {
  at: number;
  reason: RefreshReason;
  outcome: RefreshOutcome;
}

export interface ApiProblem {
  status: number;
  /** The server's code, or `unknown_error` when the answer was not the contract's JSON (a proxy's error page). */
  code: ErrorCode | 'unknown_error';
  message: string;
  fields?: Record<string, string>;
  /** Which of the cases one refusal covers, where the server says (a dead verification link: `used`, `expired`, `invalid`). */
  reason?: string;
  retryAfterSeconds?: number;
}

/** A request the server refused; carries the contract's error body. */
export class ApiRequestError extends Error {
  constructor(readonly problem: ApiProblem) {
    super(problem.message);
  }
}

const DEFAULT_CHANNEL = 'nextjs-jwt-auth';
export const REFRESH_LOCK = 'nextjs-jwt-auth:refresh';
// Long enough for a slow refresh in another tab, short enough that a tab frozen while holding the
// lock cannot freeze the others: after this they refresh without it.
const LOCK_WAIT_MS = 10_000;
// Enough to read what happened in a tab without growing for as long as the tab stays open.
const REFRESH_LOG_LIMIT = 50;

type Message = { type: 'logout' } | { type: 'login' };
/**
 * Why there is no session: the user logged out (here or in another tab), deleted the account in
 * this tab, or the session could not be renewed.
 */
export type SignedOutReason = 'logout' | 'deleted' | 'expired';
type Listener = (session: ClientSession | null, reason?: SignedOutReason) => void;

/** The contract's error body of a refused response, with Retry-After in seconds when the server gave one. */
export async function problemOf(response: Response): Promise<ApiProblem> {
  const body = (await response.json().catch(() => null)) as Partial<ApiProblem> | null;
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    status: response.status,
    code: body?.code ?? 'unknown_error',
    message: body?.message ?? `The server answered ${response.status}`,
    fields: body?.fields,
    reason: body?.reason,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  };
}

/** The contract's error code of a refused response, read from a copy so the response stays readable. */
async function codeOf(response: Response): Promise<string | undefined> {
  const problem = (await response.clone().json().catch(() => null)) as Partial<ApiProblem> | null;
  return problem?.code;
}

function withBearer(headers: HeadersInit | undefined, token: string | undefined): Headers {
  const result = new Headers(headers);
  if (token) result.set('Authorization', `Bearer ${token}`);
  return result;
}

export class AuthClient {
  private session: ClientSession | null = null;
  // Bumped by every logout, here or in another tab: a refresh that started before it must not
  // bring the session back when its response arrives late.
  private logoutGeneration = 0;
  // The refresh in flight, and the logouts counted when it was asked for.
  private refreshing: { generation: number; session: Promise<ClientSession | null> } | null = null;
  private readonly listeners = new Set<Listener>();
  private refreshLog: readonly RefreshRecord[] = [];
  private readonly refreshLogListeners = new Set<() => void>();
  private readonly channel: BroadcastChannel | null;
  private reauthPrompt: ReauthPrompt | null = null;
  // One prompt at a time: every request refused meanwhile waits for the same answer.
  private reauthenticating: Promise<boolean> | null = null;

  /** `channel` names the group of tabs that share login and logout; every page of the app uses the default. */
  constructor(options: { channel?: string } = {}) {
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(options.channel ?? DEFAULT_CHANNEL);
    this.channel?.addEventListener('message', (event: MessageEvent<Message>) => {
      if (event.data.type === 'logout') this.endByLogout();
      // Another tab signed in: the cookie is shared, so this tab gets its own access token.
      if (event.data.type === 'login') void this.refresh('other-tab').catch(() => undefined);
    });
  }

  /** Stops hearing other tabs; a page's client lives as long as the page, a test's as long as the test. */
  close(): void {
    this.channel?.close();
  }

  get current(): ClientSession | null {
    return this.session;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The last refreshes of this tab, oldest first. Only the reason and outcome are kept, never a
   * token. The array is replaced, never changed in place, so a reader can compare snapshots.
   */
  get refreshes(): readonly RefreshRecord[] {
    return this.refreshLog;
  }

  subscribeRefreshes(listener: () => void): () => void {
    this.refreshLogListeners.add(listener);
    return () => this.refreshLogListeners.delete(listener);
  }

  private record(entry: RefreshRecord) {
    this.refreshLog = [...this.refreshLog, entry].slice(-REFRESH_LOG_LIMIT);
    for (const listener of this.refreshLogListeners) listener();
  }

  private setSession(session: ClientSession | null, reason?: SignedOutReason) {
    this.session = session;
    for (const listener of this.listeners) listener(session, reason);
  }

  private async accept(response: Response): Promise<ClientSession> {
    return this.start((await response.json()) as ClientSession);
  }

  private async postJson(path: string, payload: unknown): Promise<Response> {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  }

  private async signIn(path: string, payload: unknown): Promise<ClientSession | SecondStep> {
    const response = await this.postJson(path, payload);
    if (!response.ok) throw new ApiRequestError(await problemOf(response));
    const body = (await response.json()) as (ClientSession & { mfaRequired?: undefined }) | (SecondStep & { mfaRequired: true });
    if (body.mfaRequired) return { mfaToken: body.mfaToken };
    return this.signedIn(body);
  }

  /** A session this tab has just been given: kept, and announced to the other tabs. */
  private signedIn(body: ClientSession): ClientSession {
    const session = this.start(body);
    this.channel?.postMessage({ type: 'login' } satisfies Message);
    return session;
  }

  private start(body: ClientSession): ClientSession {
    const session = { user: body.user, accessToken: body.accessToken };
    this.setSession(session);
    return session;
  }

  /** Signs in, or resolves to the second step when the account has a second factor (completeLogin). */
  login(email: string, password: string): Promise<ClientSession | SecondStep> {
    return this.signIn('/api/auth/login', { email, password });
  }

  /** The login's second step: an authenticator code or a recovery code for the step's mfaToken. */
  async completeLogin(mfaToken: string, code: string): Promise<ClientSession> {
    const result = await this.signIn('/api/auth/login/mfa', { mfaToken, code });
    if ('mfaToken' in result) throw new Error('the second step asked for another step');
    return result;
  }

  /**
   * Signs in with a passkey: `response` is the browser's answer (WebAuthn's AuthenticationResponseJSON)
   * to the options of POST /api/auth/passkeys/login/options. No second step follows.
   */
  async signInWithPasskey(response: unknown): Promise<ClientSession> {
    const result = await this.signIn('/api/auth/passkeys/login', { response });
    if ('mfaToken' in result) throw new Error('a passkey sign-in asked for another step');
    return result;
  }

  /**
   * Who answers `reauth_required`: the page's re-authentication dialog registers here, and every
   * request made through fetch() then gets it (null unregisters).
   */
  setReauthPrompt(prompt: ReauthPrompt | null): void {
    this.reauthPrompt = prompt;
  }

  /** Proves who the user is again: the session's access token now carries a fresh `auth_time`. */
  async reauthenticate(proof: ReauthProof): Promise<void> {
    const { accessToken } = await this.json<{ accessToken: string }>('/api/auth/reauth', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(proof),
    });
    if (this.session) this.setSession({ ...this.session, accessToken });
  }

  /** Reads the user again (after a change to the account, such as turning the second factor on). */
  async reloadUser(): Promise<void> {
    const { user } = await this.json<{ user: PublicUser }>('/api/auth/me');
    if (this.session) this.setSession({ ...this.session, user });
  }

  private askReauth(): Promise<boolean> {
    const prompt = this.reauthPrompt;
    if (!prompt) return Promise.resolve(false);
    this.reauthenticating ??= prompt().finally(() => {
      this.reauthenticating = null;
    });
    return this.reauthenticating;
  }

  /** Signs the new account in, or, where addresses must be verified first, resolves to the pending account. */
  async register(input: { email: string; password: string; firstName: string; lastName: string }): Promise<ClientSession | PendingVerification> {
    const response = await this.postJson('/api/auth/register', input);
    if (!response.ok) throw new ApiRequestError(await problemOf(response));
    const body = (await response.json()) as ClientSession | PendingVerification;
    return 'verificationRequired' in body ? { verificationRequired: true, user: body.user } : this.signedIn(body);
  }

  /**
   * Uses the token of a verification or address-change link. Where the link signs in
   * (EMAIL_VERIFICATION=required), this tab takes the session and the others follow, as after a
   * login. Otherwise a tab signed in to that same account refreshes, here and in the other tabs,
   * so the new address, its verified state and any role it brought show at once; a tab signed in
   * to another account, or to none, is left as it is.
   */
  async redeemEmailLink(token: string): Promise<UsedEmailLink> {
    const response = await this.postJson('/api/auth/verify-email', { token });
    if (!response.ok) throw new ApiRequestError(await problemOf(response));
    const body = (await response.json()) as { user: PublicUser; accessToken?: string };
    if (body.accessToken !== undefined) return { user: this.signedIn({ user: body.user, accessToken: body.accessToken }).user, signedIn: true };
    // A page that has just loaded may still be restoring its session: wait for it to know whose it is.
    const current = this.session ?? (await this.refreshing?.session.catch(() => null));
    if (current?.user.id === body.user.id) await this.refreshEveryTab().catch(() => undefined);
    return { user: body.user, signedIn: false };
  }

  /** The account changed on the server (verified, renamed, moved): this tab and its siblings fetch tokens that say so. */
  async refreshEveryTab(): Promise<ClientSession | null> {
    const session = await this.refresh('account');
    this.channel?.postMessage({ type: 'login' } satisfies Message);
    return session;
  }

  /** Shows a profile the server has just saved, without a refresh: names are not in the access token. */
  showUser(user: PublicUser): void {
    if (this.session && this.session.user.id === user.id) this.setSession({ ...this.session, user });
  }

  async logout(): Promise<void> {
    const response = await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) throw new ApiRequestError(await problemOf(response));
    this.signOutEveryTab();
  }

  /**
   * Ends every session of the user, this one too. Other devices are signed out at their next
   * refresh; this tab and its siblings at once, like a logout. Resolves to how many sessions ended.
   */
  async logoutEverywhere(): Promise<number> {
    const { revoked } = await this.json<{ revoked: number }>('/api/auth/logout-all', { method: 'POST' });
    this.signOutEveryTab();
    return revoked;
  }

  /**
   * Deletes the account (`DELETE /api/auth/account`; it needs a recent sign-in, which fetch()
   * asks for). Every session has ended on the server: this tab and its siblings sign out at once.
   */
  async deleteAccount(): Promise<void> {
    await this.json<{ success: true }>('/api/auth/account', { method: 'DELETE' });
    this.signOutEveryTab('deleted');
  }

  private signOutEveryTab(reason: 'logout' | 'deleted' = 'logout') {
    this.endByLogout(reason);
    this.channel?.postMessage({ type: 'logout' } satisfies Message);
  }

  private endByLogout(reason: 'logout' | 'deleted' = 'logout') {
    this.logoutGeneration++;
    this.setSession(null, reason);
  }

  /**
   * One refresh at a time: callers in this tab share the call in flight, and tabs take turns
   * through a Web Lock so two tabs never present the same refresh token at once. Resolves null
   * when the session is gone (401); throws ApiRequestError when the server could not answer. A
   * refresh asked for before a logout is not shared after it (it ends with nothing sent), so a
   * sign-in right after the logout gets a refresh of its own.
   */
  refresh(reason: RefreshReason): Promise<ClientSession | null> {
    if (this.refreshing?.generation !== this.logoutGeneration) {
      const generation = this.logoutGeneration;
      const session = this.loggedRefresh(reason, generation).finally(() => {
        if (this.refreshing?.session === session) this.refreshing = null;
      });
      this.refreshing = { generation, session };
    }
    return this.refreshing.session;
  }

  /** A shared refresh is one entry, under the reason of the caller that started it. */
  private async loggedRefresh(reason: RefreshReason, generation: number): Promise<ClientSession | null> {
    const at = Date.now();
    try {
      const session = await this.refreshAcrossTabs(reason, generation);
      this.record({ at, reason, outcome: session ? 'ok' : 'signed-out' });
      return session;
    } catch (error) {
      this.record({ at, reason, outcome: 'error' });
      throw error;
    }
  }

  /**
   * `generation` is taken when the refresh is asked for, not once the lock is granted: a logout
   * while this refresh waits for another tab ends it (as a logout, not as a session that could not
   * be renewed).
   */
  private async refreshAcrossTabs(reason: RefreshReason, generation: number): Promise<ClientSession | null> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) return this.callRefresh(reason, generation);
    try {
      return await locks.request(REFRESH_LOCK, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () => this.callRefresh(reason, generation));
    } catch (error) {
      if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return this.callRefresh(reason, generation);
      }
      throw error;
    }
  }

  /** `generation`: the logouts counted when the refresh was asked for; after another, nothing is sent. */
  private async callRefresh(reason: RefreshReason, generation: number): Promise<ClientSession | null> {
    if (generation !== this.logoutGeneration) return null;
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'X-Refresh-Reason': reason },
    });
    if (generation !== this.logoutGeneration) return null;
    if (response.ok) return this.accept(response);
    if (response.status === 401) {
      this.setSession(null, 'expired');
      return null;
    }
    throw new ApiRequestError(await problemOf(response));
  }

  /**
   * fetch for the app's API: adds the Bearer token; on 401 `Token expired` refreshes once (shared
   * with every other request waiting on it) and retries once. When the session cannot be renewed
   * it resolves to the 401 and the session becomes null, which sends the user to /login. On 403
   * `reauth_required` it asks the re-authentication prompt and, once the user has proved who they
   * are, retries once; otherwise it resolves to the 403.
   */
  async fetch(input: string, init: RequestInit = {}): Promise<Response> {
    const send = (token: string | undefined) => fetch(input, { ...init, headers: withBearer(init.headers, token), cache: 'no-store' });
    const used = this.session?.accessToken ?? (await this.refreshing?.session)?.accessToken;
    const response = await this.renewingOnExpiry(await send(used), used, send);
    if (response.status !== 403 || (await codeOf(response)) !== 'reauth_required') return response;
    if (!(await this.askReauth())) return response;
    return send(this.session?.accessToken);
  }

  private async renewingOnExpiry(response: Response, used: string | undefined, send: (token: string | undefined) => Promise<Response>): Promise<Response> {
    if (response.status !== 401 || (await codeOf(response)) !== 'token_expired') return response;
    // A request that raced a refresh already finished by another caller just retries.
    const current = this.session?.accessToken;
    const renewed = current && current !== used ? this.session : await this.refresh('expired');
    if (!renewed) return response;
    return send(renewed.accessToken);
  }

  /** The JSON body of a successful API call, or an ApiRequestError with the contract's error. */
  async json<T>(input: string, init: RequestInit = {}): Promise<T> {
    const response = await this.fetch(input, init);
    if (!response.ok) throw new ApiRequestError(await problemOf(response));
    return (await response.json()) as T;
  }
}
