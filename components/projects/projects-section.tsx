'use client';

import { useApiData } from '@/lib/client/use-api-data';
import type { Project } from '@/lib/resources/shapes';
import { LoadState } from '../ui/load-state';
import { CreateProjectForm } from './create-project-form';
import { ProjectList } from './project-list';

/** The dashboard's projects: the user's own, newest first, and the form that adds one. */
export function ProjectsSection() {
  const { loaded, reload, update } = useApiData<{ projects: Project[] }>('/api/projects');

  return (
    <section aria-labelledby="projects-heading" className="mt-8 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="projects-heading" className="text-lg font-medium text-slate-900">
        Your projects
      </h2>
      <LoadState loaded={loaded} loading="Loading your projects…" onRetry={reload}>
        {({ projects }) => <ProjectList projects={projects} />}
      </LoadState>
      <CreateProjectForm onCreated={(project) => update(({ projects }) => ({ projects: [project, ...projects] }))} />
    </section>
  );
}
