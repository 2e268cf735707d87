/**
 * The states of a task, in the order it moves through them: the database's enum, the API's input
 * and the pages' labels. Apart from the schemas (./resources.ts), so a page that only shows a
 * task's status does not load zod with them.
 */
export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
