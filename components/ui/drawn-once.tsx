import type { ReactNode } from 'react';

/**
 * `children` take their place in the layout at once but are drawn (seen, pressed, read out) only
 * once `ready`; until then `loading` says why the space is empty. A list that arrives above them
 * grows the page out of sight, instead of moving a panel people are reading or a button they are
 * about to press. The status is laid over the space, so its going moves nothing either.
 */
export function DrawnOnce({ ready, loading, children }: { ready: boolean; loading: string; children: ReactNode }) {
  return (
    <div className="relative">
      {ready ? null : (
        <p role="status" className="absolute inset-x-0 top-6 text-sm text-fg-subtle">
          {loading}
        </p>
      )}
      <div className={ready ? undefined : 'invisible'}>{children}</div>
    </div>
  );
}
