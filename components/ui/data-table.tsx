import type { ReactNode } from 'react';

const HEAD = 'whitespace-nowrap px-3 py-2 text-left font-medium text-slate-600';

/** A table with one header row and a caption for screen readers, scrolling sideways inside its box on narrow screens. */
export function DataTable({ caption, columns, className = '', children }: { caption: string; columns: readonly ReactNode[]; className?: string; children: ReactNode }) {
  // relative: screen-reader-only text in cells scrolled out of view must stay inside this box, not widen the page.
  return (
    <div className={`relative overflow-x-auto ${className}`}>
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
