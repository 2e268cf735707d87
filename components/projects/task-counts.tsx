import { TASK_STATUSES, type TaskStatus } from '@/lib/validation/task-statuses';
import { TASK_STATUS_LABELS } from './task-status';

export function TaskCounts({ counts }: { counts: Record<TaskStatus, number> }) {
  const total = TASK_STATUSES.reduce((sum, status) => sum + counts[status], 0);
  if (total === 0) return <p className="mt-2 text-xs text-fg-subtle">No tasks yet</p>;
  return (
    <ul aria-label="Tasks by status" className="mt-2 flex flex-wrap gap-2 text-xs">
      {TASK_STATUSES.map((status) => (
        <li key={status} className="rounded-full bg-subtle px-2 py-0.5 text-fg-muted">
          {counts[status]} {TASK_STATUS_LABELS[status].toLowerCase()}
        </li>
      ))}
    </ul>
  );
}
