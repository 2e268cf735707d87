'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * What became of an emailed link. When it arrives with an answer (a check of the link, or the
 * action that used it), focus moves here and it is announced; shown as the page loads (no link,
 * or one that cannot be a token), it is simply part of the page, and focus stays where the
 * visitor expects it.
 */
export function LinkNotice({ tone, announce, children }: { tone: 'success' | 'problem'; announce: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (announce) ref.current?.focus();
  }, [announce]);
  const colours = tone === 'success' ? 'border-success-line bg-success-soft text-success' : 'border-warning-line bg-warning-soft text-warning';
  const role = announce ? (tone === 'success' ? 'status' : 'alert') : undefined;
  return (
    <div ref={ref} tabIndex={-1} role={role} className={`space-y-2 rounded-md border px-4 py-3 text-sm focus:outline-none ${colours}`}>
      {children}
    </div>
  );
}
