'use client';

import { useState } from 'react';
import type { Employee } from '@/lib/resources/shapes';
import { EmployeeRow } from './employee-row';

interface EmployeeTableProps {
  employees: readonly Employee[];
  mayWrite: boolean;
  mayDelete: boolean;
  onChanged: () => void;
}

const HEAD = 'px-3 py-2 text-left font-medium text-slate-600';

export function EmployeeTable({ employees, mayWrite, mayDelete, onChanged }: EmployeeTableProps) {
  // One row is edited at a time, so the page never holds two forms with the same labels.
  const [editingId, setEditingId] = useState<string | null>(null);

  if (employees.length === 0) {
    return <p className="text-sm text-slate-600">No employees yet.{mayWrite ? ' Add the first one below.' : ''}</p>;
  }
  // relative: screen-reader-only text in cells scrolled out of view must stay inside this box, not widen the page.
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Employees, by last name</caption>
        <thead className="border-b border-slate-200">
          <tr>
            <th scope="col" className={HEAD}>
              Name
            </th>
            <th scope="col" className={HEAD}>
              Job title
            </th>
            <th scope="col" className={HEAD}>
              Email
            </th>
            {mayWrite ? (
              <th scope="col" className={HEAD}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {employees.map((employee) => (
            <EmployeeRow
              key={employee.id}
              employee={employee}
              mayWrite={mayWrite}
              mayDelete={mayDelete}
              editing={editingId === employee.id}
              onEdit={(editing) => setEditingId(editing ? employee.id : null)}
              onChanged={onChanged}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
