'use client';

import { useId, useRef } from 'react';
import { sendJson } from '@/lib/client/api';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import type { Employee } from '@/lib/resources/shapes';
import { employeeSchema } from '@/lib/validation/resources';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/form-alert';
import { TextField } from '../ui/text-field';
import { fullName } from './full-name';

interface EmployeeFormProps {
  /** The employee to edit; without one the form adds a new employee. */
  employee?: Employee;
  onSaved: () => void;
  onCancel?: () => void;
}

/** Adds an employee (POST) or replaces one (PUT): the same body, so an emptied optional field becomes none. */
export function EmployeeForm({ employee, onSaved, onCancel }: EmployeeFormProps) {
  const id = useId();
  const firstNameRef = useRef<HTMLInputElement>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(employeeSchema, async (values) => {
    if (employee) {
      await sendJson('PUT', `/api/employees/${employee.id}`, values);
    } else {
      await sendJson('POST', '/api/employees', values);
      // The button was disabled while sending, which drops focus; put it where the next entry starts.
      firstNameRef.current?.focus();
    }
    onSaved();
  });

  return (
    <form
      onSubmit={onSubmit}
      onInput={clearOnEdit}
      noValidate
      aria-busy={busy}
      aria-label={employee ? `Edit ${fullName(employee)}` : 'Add employee'}
      className="space-y-2"
    >
      <FormAlert message={alert} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField ref={firstNameRef} id={`${id}-first`} label="First name" name="firstName" defaultValue={employee?.firstName} required autoFocus={Boolean(employee)} autoComplete="off" error={fields.firstName} />
        <TextField id={`${id}-last`} label="Last name" name="lastName" defaultValue={employee?.lastName} required autoComplete="off" error={fields.lastName} />
        <TextField id={`${id}-email`} label="Email" name="email" type="email" defaultValue={employee?.email ?? ''} hint="Optional." autoComplete="off" error={fields.email} />
        <TextField id={`${id}-title`} label="Job title" name="title" defaultValue={employee?.title ?? ''} hint="Optional." autoComplete="off" error={fields.title} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Saving…' : employee ? 'Save changes' : 'Add employee'}
        </Button>
        {onCancel ? (
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
