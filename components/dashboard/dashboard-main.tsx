import type { ReactNode } from 'react';

/**
 * The dashboard's outline, shared by the view and by the frame the server draws while the session
 * is restored, so the line under the heading is on screen from the first paint at the place it
 * keeps.
 */
export function DashboardMain({ heading, busy = false, children }: { heading: ReactNode; busy?: boolean; children: ReactNode }) {
  return (
    <main className="mx-auto max-w-4xl px-6 py-10" aria-busy={busy || undefined}>
      {heading}
      <p className="mt-1 text-fg-muted">Pick up a project where you left it, or start a new one.</p>
      {children}
    </main>
  );
}

const CARD = 'rounded-xl border border-line bg-surface p-6 shadow-sm';

/**
 * The dashboard until the session is restored: its heading says so, in the heading's own size, and
 * grey blocks stand where the projects and the account go, about as tall as they come (the
 * projects' card with its form, the account's details one or two to a row), so the page fills in
 * where it stands. Server-drawn: no script to wait for. The blocks pulse only for people who have
 * not asked for reduced motion.
 */
export function DashboardFrame() {
  return (
    <DashboardMain
      busy
      heading={
        <div role="status">
          <h1 className="text-fg-subtle">Loading your session…</h1>
        </div>
      }
    >
      <div aria-hidden="true" className="motion-safe:animate-pulse">
        <div className={`mt-8 ${CARD}`}>
          <div className="h-7 w-40 rounded bg-muted" />
          <div className="mt-4 h-5 w-48 rounded bg-subtle" />
          <div className="mt-6 h-92 rounded-md bg-subtle" />
        </div>
        <div className={`mt-6 ${CARD}`}>
          <div className="h-7 w-36 rounded bg-muted" />
          <div className="mt-4 grid gap-3 sm:grid-cols-2">
            {[0, 1, 2, 3].map((detail) => (
              <div key={detail}>
                <div className="h-4 w-20 rounded bg-muted" />
                <div className="mt-2 h-4 w-40 max-w-full rounded bg-subtle" />
              </div>
            ))}
          </div>
        </div>
      </div>
    </DashboardMain>
  );
}
