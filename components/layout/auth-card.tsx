import type { ReactNode } from 'react';

/** A signed-out page's frame. Pages whose state changes (a link used, refused) give the title and intro of the state they show. */
export function AuthCard({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <main className="mx-auto max-w-md px-6 py-12">
      <h1>{title}</h1>
      {intro && <p className="mt-1 text-fg-muted">{intro}</p>}
      <div className="mt-6 rounded-xl border border-line bg-surface p-6 shadow-sm">{children}</div>
    </main>
  );
}
