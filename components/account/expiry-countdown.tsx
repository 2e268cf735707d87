'use client';

import { useEffect, useId, useState } from 'react';
import { formatDuration } from './format';

function useSecondsLeft(expiresAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  const left = expiresAt - now;
  useEffect(() => {
    if (left <= 0) return;
    // Wakes when the whole number of seconds left changes, so `expired` shows at `exp`, not up to a second late.
    const timer = setTimeout(() => setNow(Date.now()), left % 1000 || 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return Math.max(0, Math.ceil(left / 1000));
}

/** A live countdown to `exp`. Give it a `key` per token so a new token starts from a fresh clock. */
export function ExpiryCountdown({ expiresAt }: { expiresAt: number }) {
  const secondsLeft = useSecondsLeft(expiresAt);
  const id = useId();
  return (
    <div className="mt-4">
      <p id={id} className="text-sm text-fg-subtle">
        Time left
      </p>
      {/* A timer is not read out at every tick; the status line below announces the expiry once. */}
      <p role="timer" aria-labelledby={id} className={`text-3xl font-semibold tabular-nums ${secondsLeft ? 'text-fg' : 'text-danger'}`}>
        {secondsLeft ? formatDuration(secondsLeft) : 'expired'}
      </p>
      <p role="status" className="mt-1 text-sm text-fg-muted">
        {secondsLeft
          ? ''
          : 'The next request meets 401 Token expired (after a second the server allows for clock differences). The app then refreshes once and retries it.'}
      </p>
    </div>
  );
}
