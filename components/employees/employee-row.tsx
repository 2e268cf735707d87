'use client';

import { sendJson } from '@/lib/client/api';
import { useFocusReturn } from '@/lib/client/use-focus-return';
import type { Employee } from '@/lib/resources/shapes';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';
import { DataCell, DataRow, RowHeaderCell } from '../ui/data-table';
import { EmployeeForm } from './employee-form';
import { fullName } from './full-name';

interface EmployeeRowProps {
  employee: Employee;
  /** What this user's role allows; the API refuses the rest anyway, this only hides what would fail. */
  mayWrite: boolean;
  mayDelete: boolean;
  editing: boolean;
  onEdit: (editing: boolean) => void;
  onChanged: () => void;
}

export function EmployeeRow({ employee, mayWrite, mayDelete, editing, onEdit, onChanged }: EmployeeRowProps) {
  const editRef = useFocusReturn<HTMLButtonElement>(editing);
  const name = fullName(employee);

  if (editing) {
    return (
      <DataRow>
        <DataCell colSpan={4} className="sm:bg-subtle">
          <EmployeeForm
            employee={employee}
            onSaved={() => {
              onEdit(false);
              onChanged();
            }}
            onCancel={() => onEdit(false)}
          />
        </DataCell>
      </DataRow>
    );
  }
  return (
    <DataRow>
      <RowHeaderCell className="text-fg">{name}</RowHeaderCell>
      <DataCell label="Job title" className="text-fg-muted">
        {employee.title ?? '—'}
      </DataCell>
      <DataCell label="Email" className="wrap-anywhere text-fg-muted">
        {employee.email ?? '—'}
      </DataCell>
      {mayWrite ? (
        <DataCell>
          <div className="flex flex-wrap gap-2">
            <Button ref={editRef} onClick={() => onEdit(true)}>
              Edit<span className="sr-only"> {name}</span>
            </Button>
            {mayDelete ? (
              <ConfirmButton
                question={`Delete ${name} from the directory?`}
                confirmLabel="Yes, delete"
                busyLabel="Deleting…"
                onConfirm={async () => {
                  await sendJson('DELETE', `/api/employees/${employee.id}`);
                  onChanged();
                }}
              >
                Delete<span className="sr-only"> {name}</span>
              </ConfirmButton>
            ) : null}
          </div>
        </DataCell>
      ) : null}
    </DataRow>
  );
}
