'use client';

import Link from 'next/link';
import { useApiData } from '@/lib/client/use-api-data';
import type { Project, Task } from '@/lib/resources/shapes';
import { LoadState } from '../ui/load-state';
import { TEXT_LINK_CLASS } from '../ui/text-link';
import { DeleteProject } from './delete-project';
import { ProjectDetails } from './project-details';
import { ProjectNotFound } from './project-not-found';
import { TasksSection } from './tasks-section';

/** One project with its tasks. `id` comes from the URL, so it is encoded before it joins a path. */
export function ProjectView({ id }: { id: string }) {
  const path = `/api/projects/${encodeURIComponent(id)}`;
  const project = useApiData<{ project: Project }>(path);
  const tasks = useApiData<{ tasks: Task[] }>(`${path}/tasks`);

  const notFound = [project.loaded, tasks.loaded].some((loaded) => loaded.state === 'failed' && loaded.notFound);
  if (notFound) return <ProjectNotFound />;

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <Link href="/dashboard" className={`text-sm ${TEXT_LINK_CLASS}`}>
        ← All projects
      </Link>
      {/* Until the project's own name can head the page, a heading for the outline. */}
      {project.loaded.state !== 'ready' ? <h1 className="sr-only">Project</h1> : null}
      <LoadState loaded={project.loaded} loading="Loading the project…" onRetry={project.reload}>
        {(data) => (
          <>
            <section aria-label="Project" className="mt-4 rounded-xl border border-line bg-surface p-6 shadow-sm">
              <ProjectDetails project={data.project} onSaved={(saved) => project.update(() => ({ project: saved }))} />
            </section>
            <TasksSection
              projectId={data.project.id}
              tasks={tasks.loaded}
              onRetry={tasks.reload}
              onChange={(change) => tasks.update((current) => ({ tasks: change(current.tasks) }))}
            />
            <DeleteProject project={data.project} />
          </>
        )}
      </LoadState>
    </main>
  );
}
