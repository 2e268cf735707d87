'use client';

import { createContext, startTransition, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { PublicUser } from '../users/public-user';
import { AuthClient, type RefreshRecord, type SignedOutReason } from './auth-client';

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous' | 'unavailable';

interface AuthValue {
  status: AuthStatus;
  user: PublicUser | null;
  signedOutReason: SignedOutReason | undefined;
  retry(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

let browserClient: AuthClient | undefined;

/**
 * The page's one client. Call it from effects and event handlers only: they run in the browser,
 * never during server rendering, where a module-level client would be shared by every user of
 * the server (and hold a BroadcastChannel open there).
 */
export function authClient(): AuthClient {
  browserClient ??= new AuthClient();
  return browserClient;
}

/**
 * Holds the signed-in user for the React tree. `hasSession` comes from the edge middleware's check
 * of the refresh cookie's signature: only then does the page spend a refresh call on load, so an
 * anonymous visitor never sees a pointless 401.
 */
export function AuthProvider({ hasSession, children }: { hasSession: boolean; children: ReactNode }) {
  const [user, setUser] = useState<PublicUser | null>(null);
  const [status, setStatus] = useState<AuthStatus>(hasSession ? 'loading' : 'anonymous');
  const [signedOutReason, setSignedOutReason] = useState<SignedOutReason>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const client = authClient();
    // Only the session restored as the page loads is drawn as a transition: React then draws the
    // signed-in view in slices that leave the main thread free between them (as an ordinary
    // update it was one long task, up to 84 ms of blocking time on a phone-speed CPU; 0 ms so).
    // A sign-in through a form or a sign-out goes at once: the form's navigation and the page's
    // move to /login must not find the old state, and they are not part of a page load.
    let restoring = hasSession && !client.current;
    const show = (session: typeof client.current, reason?: SignedOutReason) => {
      const update = () => {
        setUser(session?.user ?? null);
        setStatus(session ? 'authenticated' : 'anonymous');
        setSignedOutReason(reason);
      };
      if (restoring && session) startTransition(update);
      else update();
      restoring = false;
    };
    const unsubscribe = client.subscribe(show);
    if (client.current) show(client.current);
    else if (hasSession) client.refresh('load').catch(() => setStatus('unavailable'));
    return unsubscribe;
  }, [hasSession, attempt]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      user,
      signedOutReason,
      retry: () => {
        setStatus('loading');
        setAttempt((n) => n + 1);
      },
    }),
    [status, user, signedOutReason],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

// Module-level so React sees the same functions on every render and does not resubscribe.
const subscribeSession = (onChange: () => void) => authClient().subscribe(onChange);
const subscribeRefreshes = (onChange: () => void) => authClient().subscribeRefreshes(onChange);
const accessTokenSnapshot = () => authClient().current?.accessToken ?? null;
const refreshesSnapshot = () => authClient().refreshes;
const noToken = () => null;
const NO_REFRESHES: readonly RefreshRecord[] = [];
const noRefreshes = () => NO_REFRESHES;

/**
 * The page's current access token, for showing what it says. Read from the client at render and
 * never copied into state or storage; the server render has none.
 */
export function useAccessToken(): string | null {
  return useSyncExternalStore(subscribeSession, accessTokenSnapshot, noToken);
}

/** This tab's refreshes, oldest first (see AuthClient.refreshes). */
export function useRefreshLog(): readonly RefreshRecord[] {
  return useSyncExternalStore(subscribeRefreshes, refreshesSnapshot, noRefreshes);
}
