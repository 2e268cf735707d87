import type { TaskStatus } from '../validation/task-statuses';

/** The JSON shapes of the resource API, shared by the route handlers and the pages. */

export interface Project {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  taskCounts: Record<TaskStatus, number>;
}

export interface Task {
  id: string;
  projectId: string;
  title: string;
  status: TaskStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Employee {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  title: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}
