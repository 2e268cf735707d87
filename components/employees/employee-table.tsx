'use client';

import { useState } from 'react';
import type { Employee } from '@/lib/resources/shapes';
import { DataTable } from '@/components/ui/data-table';
import { EmployeeRow } from './employee-row';

interface EmployeeTableProps {
  employees: readonly Employee[];
  mayWrite: boolean;
  mayDelete: boolean;
  onChanged: () => void;
}

export function EmployeeTable({ employees, mayWrite, mayDelete, onChanged }: EmployeeTableProps) {
  // One row is edited at a time, so the page never holds two forms with the same labels.
  const [editingId, setEditingId] = useState<string | null>(null);

  if (employees.length === 0) {
    return <p className="text-sm text-fg-muted">No employees yet.{mayWrite ? ' Add the first one below.' : ''}</p>;
  }
  const columns = ['Name', 'Job title', 'Email', ...(mayWrite ? [<span key="actions" className="sr-only">Actions</span>] : [])];
  return (
    <DataTable caption="Employees, newest first" columns={columns}>
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
    </DataTable>
  );
}
