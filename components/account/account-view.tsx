'use client';

import { useCallback, useState } from 'react';
import { useAuth } from '@/lib/client/auth-context';
import { useApiData, useHasArrived } from '@/lib/client/use-api-data';
import { DrawnOnce } from '../ui/drawn-once';
import { DataExportSection } from './data-export-section';
import { DeleteAccountSection } from './delete-account-section';
import { EmailSection } from './email-section';
import { PasskeysSection } from './passkeys-section';
import { PasswordSection } from './password-section';
import { ProfileSection } from './profile-section';
import { SecurityEventsSection } from './security-events';
import { SessionsSection, type SessionList } from './sessions-section';
import { TokenInspectorLink } from './token-inspector-link';
import { TwoFactorSection } from './two-factor-section';

export function AccountView() {
  const { user } = useAuth();
  // Held here so a password change, which ends the other sessions, can reload the list.
  const sessions = useApiData<SessionList>('/api/auth/sessions');
  // Bumped by a password, second-factor, passkey or address change, so the activity list shows it without a reload.
  const [changes, setChanges] = useState(0);
  // The three lists arrive after the panels: each panel below a list is drawn once the lists above
  // it are in, so none of them moves under the reader (a list answering between a press and its
  // release moved `Delete account` away from the pointer).
  const sessionsArrived = useHasArrived(sessions.loaded);
  const [passkeysArrived, setPasskeysArrived] = useState(false);
  const [eventsArrived, setEventsArrived] = useState(false);
  const onPasskeysArrived = useCallback(() => setPasskeysArrived(true), []);
  const onEventsArrived = useCallback(() => setEventsArrived(true), []);
  if (!user) return null;
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1>Your account</h1>
      <p className="mt-1 text-fg-muted">
        Who you are, your email address, where you are signed in, how you sign in, what happened to your account, your data, and
        deleting the account.
      </p>
      <ProfileSection user={user} />
      <EmailSection onRequested={() => setChanges((count) => count + 1)} />
      <DrawnOnce ready={sessionsArrived} loading="Loading your sessions…">
        <SessionsSection data={sessions} />
        <PasswordSection
          onChanged={() => {
            sessions.reload();
            setChanges((count) => count + 1);
          }}
        />
        <TwoFactorSection onChanged={() => setChanges((count) => count + 1)} />
        <DrawnOnce ready={passkeysArrived} loading="Loading your passkeys…">
          <PasskeysSection onChanged={() => setChanges((count) => count + 1)} onArrived={onPasskeysArrived} />
          <TokenInspectorLink />
          <DrawnOnce ready={eventsArrived} loading="Loading your security activity…">
            <SecurityEventsSection key={changes} onArrived={onEventsArrived} />
            <DataExportSection />
            <DeleteAccountSection email={user.email} />
          </DrawnOnce>
        </DrawnOnce>
      </DrawnOnce>
    </main>
  );
}
