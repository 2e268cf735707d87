'use client';

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PublicUser } from '../users/public-user';
import { AuthClient, type SignedOutReason } from './auth-client';

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous' | 'unavailable';

interface AuthValue {
  status: AuthStatus;
  user: PublicUser | null;
  signedOutReason: SignedOutReason | undefined;
  client: AuthClient;
  retry(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

// One client per browser page; never created during server rendering, where a module-level
// object would be shared between every user of the server.
let browserClient: AuthClient | undefined;
function getClient(): AuthClient {
  browserClient ??= new AuthClient();
  return browserClient;
}

/**
 * Holds the signed-in user for the React tree. `hasSession` comes from the edge middleware's check
 * of the refresh cookie's signature: only then does the page spend a refresh call on load, so an
 * anonymous visitor never sees a pointless 401.
 */
export function AuthProvider({ hasSession, children }: { hasSession: boolean; children: ReactNode }) {
  const [client] = useState(() => (typeof window === 'undefined' ? null : getClient()));
  const [user, setUser] = useState<PublicUser | null>(client?.current?.user ?? null);
  const [status, setStatus] = useState<AuthStatus>(client?.current ? 'authenticated' : hasSession ? 'loading' : 'anonymous');
  const [signedOutReason, setSignedOutReason] = useState<SignedOutReason>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!client) return;
    const unsubscribe = client.subscribe((session, reason) => {
      setUser(session?.user ?? null);
      setStatus(session ? 'authenticated' : 'anonymous');
      setSignedOutReason(reason);
    });
    if (!client.current && hasSession) {
      client.refresh('load').catch(() => setStatus('unavailable'));
    }
    return unsubscribe;
  }, [client, hasSession, attempt]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      user,
      signedOutReason,
      client: client ?? getClient(),
      retry: () => {
        setStatus('loading');
        setAttempt((n) => n + 1);
      },
    }),
    [client, status, user, signedOutReason],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
