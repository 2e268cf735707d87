import type { ReactNode } from 'react';

const HEAD = 'whitespace-nowrap px-3 py-2 text-left font-medium text-fg-muted';

/**
 * A table with one header row and a caption for screen readers. From `lg` (1024 px) up it is an
 * ordinary table, scrolling sideways inside its box if it must (the box takes keyboard focus, so a
 * table with nothing focusable in it can still be scrolled without a mouse). Below `lg`, on phones
 * and on tablets (the admin's accounts table needs about 860 px, more than a tablet held upright
 * has), each row is a card: its cells stacked, each with its column's name beside it (DataCell), so every value and
 * action is on screen without scrolling. The elements keep their table roles at every width, so
 * the header cells still name each cell to a screen reader; the visible labels are for the eye.
 */
export function DataTable({ caption, columns, className = '', children }: { caption: string; columns: readonly ReactNode[]; className?: string; children: ReactNode }) {
  // relative: screen-reader-only text (the header row below `lg`, and in cells scrolled out of
  // view) must stay inside this box, not widen the page.
  return (
    <div role="region" aria-label={caption} tabIndex={0} className={`relative overflow-x-auto rounded-md focus:outline-none focus-visible:ring-2 focus-visible:ring-focus-ring ${className}`}>
      {/* Explicit roles: some browsers drop a table's semantics once CSS changes its display, as the cards do. */}
      <table role="table" className="w-full text-sm max-lg:block">
        <caption className="sr-only">{caption}</caption>
        <thead role="rowgroup" className="border-b border-line max-lg:sr-only">
          <tr role="row">
            {columns.map((column, index) => (
              <th key={index} role="columnheader" scope="col" className={HEAD}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="divide-y divide-line max-lg:block">
          {children}
        </tbody>
      </table>
    </div>
  );
}

const CELL = 'px-3 py-2 align-top max-lg:px-0 max-lg:py-0';

/** A row of a DataTable; below `lg`, a card. */
export function DataRow({ children }: { children: ReactNode }) {
  return (
    <tr role="row" className="max-lg:flex max-lg:flex-col max-lg:gap-2 max-lg:py-4 max-lg:first:pt-0 max-lg:last:pb-0">
      {children}
    </tr>
  );
}

/** The cell that names the row; below `lg`, the card's title, on top wherever the column is. */
export function RowHeaderCell({ className = '', children }: { className?: string; children: ReactNode }) {
  return (
    <th role="rowheader" scope="row" className={`${CELL} text-left font-medium max-lg:order-first ${className}`}>
      {children}
    </th>
  );
}

/**
 * A data cell. Below `lg` it shows `label` (its column's name) beside the content; a cell without
 * one (actions, a form across the row) takes the card's full width.
 */
export function DataCell({ label, colSpan, className = '', children }: { label?: string; colSpan?: number; className?: string; children: ReactNode }) {
  return (
    <td role="cell" colSpan={colSpan} className={`${CELL} max-lg:grid max-lg:grid-cols-[6rem_minmax(0,1fr)] max-lg:gap-x-3 ${className}`}>
      {label ? (
        // Hidden from screen readers, which hear the column header instead.
        <span aria-hidden="true" className="text-fg-subtle lg:hidden">
          {label}
        </span>
      ) : null}
      <div className={label ? 'min-w-0' : 'col-span-2 min-w-0'}>{children}</div>
    </td>
  );
}
