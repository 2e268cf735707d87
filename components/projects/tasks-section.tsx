'use client';

import type { Loaded } from '@/lib/client/loader';
import type { Task } from '@/lib/resources/shapes';
import { LoadState } from '../ui/load-state';
import { AddTaskForm } from './add-task-form';
import { TaskCounts } from './task-counts';
import { countTasks } from './task-status';
import { TaskItem } from './task-item';

interface TasksSectionProps {
  projectId: string;
  tasks: Loaded<{ tasks: Task[] }>;
  onRetry: () => void;
  onChange: (change: (tasks: Task[]) => Task[]) => void;
}

/**
 * A project's tasks, oldest first as the API lists them; new ones go to the end. The form to add
 * one stands outside the list's loading and failure states: a task can be added while the list is
 * still on its way or could not be fetched, and the list then shows it.
 */
export function TasksSection({ projectId, tasks, onRetry, onChange }: TasksSectionProps) {
  return (
    <section aria-labelledby="tasks-heading" className="mt-6 rounded-xl border border-line bg-surface p-6 shadow-sm">
      <h2 id="tasks-heading">
        Tasks
      </h2>
      <LoadState loaded={tasks} loading="Loading the tasks…" onRetry={onRetry}>
        {({ tasks: list }) => <TaskList tasks={list} onChange={onChange} />}
      </LoadState>
      <AddTaskForm projectId={projectId} onAdded={(task) => onChange((list) => [...list, task])} />
    </section>
  );
}

function TaskList({ tasks, onChange }: Pick<TasksSectionProps, 'onChange'> & { tasks: readonly Task[] }) {
  return tasks.length === 0 ? (
    <p className="mt-4 text-sm text-fg-muted">No tasks yet — add the first one below.</p>
  ) : (
    <>
      <TaskCounts counts={countTasks(tasks)} />
      <ul className="mt-2 divide-y divide-line">
        {tasks.map((task) => (
          <TaskItem
            key={task.id}
            task={task}
            onSaved={(saved) => onChange((list) => list.map((item) => (item.id === saved.id ? saved : item)))}
            onDeleted={() => onChange((list) => list.filter((item) => item.id !== task.id))}
          />
        ))}
      </ul>
    </>
  );
}
