import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { withDatabase, type Database } from '../db/client';
import { projects, tasks, type TaskRow } from '../db/schema';
import { errors } from '../http/errors';
import { isUuid } from '../validation/id';
import type { TaskCreateInput, TaskUpdateInput } from '../validation/resources';
import { owned } from './projects';
import type { Task } from './shapes';

/** Tasks belong to a project; only the project's owner sees or changes them (404 for anyone else). */

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    projectId: row.projectId,
    title: row.title,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const projectNotFound = () => errors.notFound('Project not found');
const taskNotFound = () => errors.notFound('Task not found');

// Locks the owner's project row until the transaction ends, so it cannot be deleted between this
// check and the write that depends on it.
async function lockOwnedProject(db: Database, ownerId: string, projectId: string): Promise<boolean> {
  const rows = await db.select({ id: projects.id }).from(projects).where(owned(ownerId, projectId)).for('share');
  return rows.length > 0;
}

const inOwnedProject = (db: Database, ownerId: string, taskId: string) =>
  and(eq(tasks.id, taskId), inArray(tasks.projectId, db.select({ id: projects.id }).from(projects).where(eq(projects.ownerId, ownerId))));

export async function listTasks(ownerId: string, projectId: string | undefined): Promise<Task[]> {
  if (!isUuid(projectId)) throw projectNotFound();
  const rows = await withDatabase(async (db) => {
    const [project] = await db.select({ id: projects.id }).from(projects).where(owned(ownerId, projectId));
    if (!project) return undefined;
    return db.select().from(tasks).where(eq(tasks.projectId, projectId)).orderBy(asc(tasks.createdAt), asc(tasks.id));
  });
  if (!rows) throw projectNotFound();
  return rows.map(toTask);
}

export async function createTask(ownerId: string, projectId: string | undefined, input: TaskCreateInput): Promise<Task> {
  if (!isUuid(projectId)) throw projectNotFound();
  const row = await withDatabase((db) =>
    db.transaction(async (tx) => {
      if (!(await lockOwnedProject(tx, ownerId, projectId))) return undefined;
      const [task] = await tx.insert(tasks).values({ projectId, title: input.title, status: input.status }).returning();
      return task;
    }),
  );
  if (!row) throw projectNotFound();
  return toTask(row);
}

export async function updateTask(ownerId: string, taskId: string | undefined, input: TaskUpdateInput): Promise<Task> {
  if (!isUuid(taskId)) throw taskNotFound();
  const [row] = await withDatabase((db) =>
    db
      .update(tasks)
      .set({ ...input, updatedAt: new Date() })
      .where(inOwnedProject(db, ownerId, taskId))
      .returning(),
  );
  if (!row) throw taskNotFound();
  return toTask(row);
}

export async function deleteTask(ownerId: string, taskId: string | undefined): Promise<void> {
  if (!isUuid(taskId)) throw taskNotFound();
  const deleted = await withDatabase((db) => db.delete(tasks).where(inOwnedProject(db, ownerId, taskId)).returning({ id: tasks.id }));
  if (deleted.length === 0) throw taskNotFound();
}
