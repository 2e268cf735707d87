'use client';

import { useRef, useState } from 'react';
import type { DeviceView } from '@/lib/sessions/device-view';
import { sendJson } from '@/lib/client/api';
import { ApiRequestError } from '@/lib/client/auth-client';
import { errorMessage } from '@/lib/client/problem-message';
import type { useApiData } from '@/lib/client/use-api-data';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { LoadState } from '../ui/load-state';
import { LogOutEverywhere } from './log-out-everywhere';
import { Panel } from './panel';
import { SessionItem } from './session-item';
import { StatelessNote } from './stateless-note';

export interface SessionList {
  sessions: DeviceView[];
}

function SessionsList({ sessions, onRevoke }: { sessions: DeviceView[]; onRevoke: (session: DeviceView) => Promise<void> }) {
  if (sessions.length === 0) {
    return (
      <p className="mt-4 text-sm text-fg-muted">
        No device is signed in any more, this one included. This page keeps working until its access token expires; then you
        will be asked to log in again.
      </p>
    );
  }
  return (
    <>
      <ul className="mt-2 divide-y divide-line">
        {sessions.map((session) => (
          <SessionItem key={session.id} session={session} onRevoke={onRevoke} />
        ))}
      </ul>
      {sessions.length === 1 && sessions[0]?.current ? <p className="text-sm text-fg-muted">No other device is signed in.</p> : null}
    </>
  );
}

/** Every device signed in to this account: end one, or all of them. */
export function SessionsSection({ data: { loaded, reload, update } }: { data: ReturnType<typeof useApiData<SessionList>> }) {
  const [result, setResult] = useState<ActionResult>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  async function revoke(session: DeviceView) {
    setResult(null);
    try {
      await sendJson('DELETE', `/api/auth/sessions/${session.id}`);
      setResult({ ok: true, text: `The session on ${session.device} has ended. That device is signed out at its next refresh.` });
    } catch (error) {
      // Ended meanwhile (logged out there, or revoked from another tab): the list was out of date.
      if (!(error instanceof ApiRequestError && error.problem.status === 404)) {
        setResult({ ok: false, text: errorMessage(error) });
        return;
      }
      setResult({ ok: true, text: `The session on ${session.device} had already ended.` });
    }
    update((data) => ({ sessions: data.sessions.filter((item) => item.id !== session.id) }));
    // Its button is gone with its row; keyboard users resume from the list's heading.
    headingRef.current?.focus();
  }

  return (
    <Panel title="Signed-in devices" headingRef={headingRef}>
      <p className="mt-1 text-sm text-fg-muted">Each login is a session on its own, with its own refresh token.</p>
      <LoadState loaded={loaded} loading="Loading your sessions…" onRetry={reload}>
        {({ sessions }) => <SessionsList sessions={sessions} onRevoke={revoke} />}
      </LoadState>
      <ActionMessage result={result} />
      <StatelessNote />
      <LogOutEverywhere />
    </Panel>
  );
}
