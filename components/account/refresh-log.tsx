'use client';

import type { RefreshOutcome, RefreshReason } from '@/lib/client/auth-client';
import { useRefreshLog } from '@/lib/client/auth-context';
import { timeFormat } from './format';

// `load` is shown as `reload`: to a person, the page was (re)loaded.
const REASONS: Record<RefreshReason, { label: string; meaning: string }> = {
  load: { label: 'reload', meaning: 'the page loaded and traded the refresh cookie for a first access token' },
  expired: { label: 'expired', meaning: 'a request met 401 Token expired; the app refreshed once and retried it' },
  proactive: { label: 'proactive', meaning: 'you pressed Refresh now, before the token ran out' },
  'other-tab': { label: 'other-tab', meaning: 'another tab signed in or changed the account, and this one fetched its own token' },
  account: { label: 'account', meaning: 'your email address was verified or changed in this tab, and its token was renewed to say so' },
};

const OUTCOMES: Record<RefreshOutcome, string> = {
  ok: 'ok: new access token',
  'signed-out': 'signed out: the session had ended',
  error: 'error: the server did not answer; still signed in',
};

const CELL = 'px-3 py-2 text-left';

function Legend() {
  return (
    <dl className="mt-4 grid gap-x-4 gap-y-1 text-sm text-fg-muted sm:grid-cols-[auto_1fr]">
      {Object.values(REASONS).map(({ label, meaning }) => (
        <div key={label} className="contents">
          <dt className="font-mono text-fg">{label}</dt>
          <dd>{meaning}</dd>
        </div>
      ))}
    </dl>
  );
}

/** This tab's refreshes, newest first; the client keeps the last 50, in memory only. */
export function RefreshLog() {
  const log = useRefreshLog();
  return (
    <>
      {log.length === 0 ? (
        <p className="mt-4 text-sm text-fg-muted">No refreshes in this tab yet.</p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="min-w-full divide-y divide-line text-sm">
            <thead className="text-fg-subtle">
              <tr>
                <th scope="col" className={`${CELL} font-medium`}>
                  Time
                </th>
                <th scope="col" className={`${CELL} font-medium`}>
                  Reason
                </th>
                <th scope="col" className={`${CELL} font-medium`}>
                  Outcome
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line text-fg">
              {/* Rows hold no state, so their position is key enough. */}
              {[...log].reverse().map((entry, index) => (
                <tr key={index}>
                  <td className={`${CELL} whitespace-nowrap tabular-nums`}>
                    <time dateTime={new Date(entry.at).toISOString()}>{timeFormat.format(entry.at)}</time>
                  </td>
                  <td className={`${CELL} font-mono`}>{REASONS[entry.reason].label}</td>
                  <td className={`${CELL} ${entry.outcome === 'ok' ? '' : 'text-danger'}`}>{OUTCOMES[entry.outcome]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Legend />
    </>
  );
}
