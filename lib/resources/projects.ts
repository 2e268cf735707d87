import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { isForeignKeyViolation, withDatabase, type Database } from '../db/client';
import { newestFirst, olderThan, positionTime } from '../db/keyset';
import { projects, tasks, type ProjectRow } from '../db/schema';
import { errors } from '../http/errors';
import { toPage, type Page, type PageRequest } from '../http/pagination';
import { isUuid } from '../validation/id';
import type { ProjectCreateInput, ProjectUpdateInput } from '../validation/resources';
import type { Project } from './shapes';

/**
 * A user's projects. Every query carries the owner in its WHERE clause, so another user's project
 * is indistinguishable from one that does not exist: both are 404.
 */

const countOf = (status: 'todo' | 'in_progress' | 'done') =>
  sql<number>`count(${tasks.id}) filter (where ${tasks.status} = ${status})`.mapWith(Number);

const withCounts = {
  project: projects,
  todo: countOf('todo'),
  inProgress: countOf('in_progress'),
  done: countOf('done'),
};

type CountedRow = { project: ProjectRow; todo: number; inProgress: number; done: number };

function toProject({ project, todo, inProgress, done }: CountedRow): Project {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
    taskCounts: { todo, in_progress: inProgress, done },
  };
}

/** The owner-scoped condition on a project: every project query carries it. */
export const owned = (ownerId: string, projectId: string) => and(eq(projects.id, projectId), eq(projects.ownerId, ownerId));

async function selectCounted(db: Database, ownerId: string, projectId: string): Promise<Project | undefined> {
  const [row] = await db
    .select(withCounts)
    .from(projects)
    .leftJoin(tasks, eq(tasks.projectId, projects.id))
    .where(owned(ownerId, projectId))
    .groupBy(projects.id);
  return row ? toProject(row) : undefined;
}

/** A page of the owner's projects, newest first. */
export function listProjects(ownerId: string, page: PageRequest): Promise<Page<Project>> {
  return withDatabase(async (db) => {
    const rows = await db
      .select({ ...withCounts, position: positionTime(projects.createdAt) })
      .from(projects)
      .leftJoin(tasks, eq(tasks.projectId, projects.id))
      .where(and(eq(projects.ownerId, ownerId), olderThan(projects.createdAt, projects.id, page.after, 'uuid')))
      .groupBy(projects.id)
      .orderBy(...newestFirst(projects.createdAt, projects.id))
      .limit(page.limit + 1);
    return toPage('projects', rows, page.limit, (row) => ({ createdAt: row.position, id: row.project.id }), toProject);
  });
}

export async function createProject(ownerId: string, input: ProjectCreateInput): Promise<Project> {
  try {
    const [project] = await withDatabase((db) => db.insert(projects).values({ ownerId, name: input.name, description: input.description }).returning());
    return toProject({ project: project!, todo: 0, inProgress: 0, done: 0 });
  } catch (error) {
    // A valid token whose user has since been deleted: the token no longer names anyone.
    if (isForeignKeyViolation(error)) throw errors.invalidToken();
    throw error;
  }
}

export async function getProject(ownerId: string, projectId: string | undefined): Promise<Project> {
  if (!isUuid(projectId)) throw errors.notFound('Project not found');
  const project = await withDatabase((db) => selectCounted(db, ownerId, projectId));
  if (!project) throw errors.notFound('Project not found');
  return project;
}

export async function updateProject(ownerId: string, projectId: string | undefined, input: ProjectUpdateInput): Promise<Project> {
  if (!isUuid(projectId)) throw errors.notFound('Project not found');
  const project = await withDatabase((db) =>
    db.transaction(async (tx) => {
      const [updated] = await tx
        .update(projects)
        .set({ ...input, updatedAt: new Date() })
        .where(owned(ownerId, projectId))
        .returning({ id: projects.id });
      return updated ? selectCounted(tx, ownerId, projectId) : undefined;
    }),
  );
  if (!project) throw errors.notFound('Project not found');
  return project;
}

/** Deletes the project; its tasks go with it (ON DELETE CASCADE). */
export async function deleteProject(ownerId: string, projectId: string | undefined): Promise<void> {
  if (!isUuid(projectId)) throw errors.notFound('Project not found');
  const deleted = await withDatabase((db) => db.delete(projects).where(owned(ownerId, projectId)).returning({ id: projects.id }));
  if (deleted.length === 0) throw errors.notFound('Project not found');
}
