import type { ReactNode } from 'react';

/** A signed-out page's frame. Pages whose state changes (a link used, refused) give the title and intro of the state they show. */
export function AuthCard({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <main className="mx-auto max-w-md px-6 py-12">
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      {intro && <p className="mt-1 text-slate-600">{intro}</p>}
      <div className="mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
    </main>
  );
}
