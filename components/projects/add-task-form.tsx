'use client';

import { useId, useRef } from 'react';
import { sendJson } from '@/lib/client/api';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import type { Task } from '@/lib/resources/shapes';
import { taskCreateSchema } from '@/lib/validation/resources';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';

export function AddTaskForm({ projectId, onAdded }: { projectId: string; onAdded: (task: Task) => void }) {
  const id = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(taskCreateSchema, async (values) => {
    const { task } = await sendJson<{ task: Task }>('POST', `/api/projects/${projectId}/tasks`, values);
    onAdded(task);
    // Tasks tend to come in batches: leave the cursor ready for the next one.
    titleRef.current?.focus();
  });

  return (
    <form onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} aria-label="Add a task" className="mt-6 space-y-2 border-t border-line pt-6">
      <FormAlert message={alert} />
      <TextField ref={titleRef} id={`${id}-title`} label="Task title" name="title" required autoComplete="off" error={fields.title} />
      <SubmitButton busy={busy} busyLabel="Adding…">
        Add task
      </SubmitButton>
    </form>
  );
}
