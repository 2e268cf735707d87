import type { Task } from '@/lib/resources/shapes';
import { TASK_STATUSES, type TaskStatus } from '@/lib/validation/task-statuses';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { todo: 'To do', in_progress: 'In progress', done: 'Done' };

/** The counts the project API reports, worked out from a task list the page has changed since. */
export function countTasks(tasks: readonly Task[]): Record<TaskStatus, number> {
  const counts = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  for (const task of tasks) counts[task.status]++;
  return counts;
}
