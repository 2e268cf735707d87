'use client';

import { useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/problem-message';
import type { Task } from '@/lib/resources/shapes';
import { TASK_STATUSES, type TaskStatus } from '@/lib/validation/task-statuses';
import { ConfirmButton } from '../ui/confirm-button';
import { TASK_STATUS_LABELS } from './task-status';

interface TaskItemProps {
  task: Task;
  onSaved: (task: Task) => void;
  onDeleted: () => void;
}

export function TaskItem({ task, onSaved, onDeleted }: TaskItemProps) {
  // The status being saved: shown at once, and while set, further changes wait (the select stays
  // focusable, which a disabled one would not).
  const [pending, setPending] = useState<TaskStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function changeStatus(status: TaskStatus) {
    if (pending) return;
    setPending(status);
    setError(null);
    try {
      const body = await sendJson<{ task: Task }>('PATCH', `/api/tasks/${task.id}`, { status });
      onSaved(body.task);
    } catch (caught) {
      setError(`Could not change the status: ${errorMessage(caught)}`);
    } finally {
      setPending(null);
    }
  }

  const status = pending ?? task.status;
  return (
    <li className="py-3">
      <div className="flex flex-wrap items-center gap-3">
        <span className={`min-w-0 flex-1 break-words ${status === 'done' ? 'text-fg-subtle line-through' : 'text-fg'}`}>{task.title}</span>
        <select
          aria-label={`Status for ${task.title}`}
          aria-busy={pending !== null}
          value={status}
          onChange={(event) => changeStatus(event.target.value as TaskStatus)}
          className="rounded-md border border-control-line bg-surface px-2 py-1.5 text-sm text-fg shadow-sm focus:border-accent focus:ring-2 focus:ring-focus-ring focus:outline-none"
        >
          {TASK_STATUSES.map((value) => (
            <option key={value} value={value}>
              {TASK_STATUS_LABELS[value]}
            </option>
          ))}
        </select>
        <ConfirmButton
          question={`Delete “${task.title}”?`}
          confirmLabel="Yes, delete task"
          busyLabel="Deleting…"
          onConfirm={async () => {
            await sendJson('DELETE', `/api/tasks/${task.id}`);
            onDeleted();
          }}
        >
          Delete
          <span className="sr-only"> task {task.title}</span>
        </ConfirmButton>
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-danger">
          {error}
        </p>
      ) : null}
    </li>
  );
}
