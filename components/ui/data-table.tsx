import type { ReactNode } from 'react';

const HEAD = 'whitespace-nowrap px-3 py-2 text-left font-medium text-slate-600';

/**
 * A table with one header row and a caption for screen readers, scrolling sideways inside its box
 * on narrow screens. The box takes keyboard focus, so a table with nothing focusable in it (the
 * security events) can still be scrolled without a mouse.
 */
export function DataTable({ caption, columns, className = '', children }: { caption: string; columns: readonly ReactNode[]; className?: string; children: ReactNode }) {
  // relative: screen-reader-only text in cells scrolled out of view must stay inside this box, not widen the page.
  return (
    <div role="region" aria-label={caption} tabIndex={0} className={`relative overflow-x-auto rounded-md focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-300 ${className}`}>
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200">
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={HEAD}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">{children}</tbody>
      </table>
    </div>
  );
}
