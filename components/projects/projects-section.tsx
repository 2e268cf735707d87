'use client';

import { usePagedList } from '@/lib/client/use-paged-list';
import type { Project } from '@/lib/resources/shapes';
import { LoadState } from '../ui/load-state';
import { ShowMore } from '../ui/show-more';
import { CreateProjectForm } from './create-project-form';
import { ProjectList } from './project-list';

/** The dashboard's projects: the user's own, newest first, a page at a time, and the form that adds one. */
export function ProjectsSection() {
  const { loaded, reload, update, more, loadMore } = usePagedList<Project>('/api/projects', 'projects');

  return (
    <section aria-labelledby="projects-heading" className="mt-8 rounded-xl border border-line bg-surface p-6 shadow-sm">
      <h2 id="projects-heading">
        Your projects
      </h2>
      <LoadState loaded={loaded} loading="Loading your projects…" onRetry={reload}>
        {({ items, nextCursor }) => (
          <>
            <ProjectList projects={items} />
            <ShowMore hasMore={nextCursor !== null} more={more} onMore={loadMore} label="Show more projects" />
          </>
        )}
      </LoadState>
      <CreateProjectForm onCreated={(project) => update((page) => ({ ...page, items: [project, ...page.items] }))} />
    </section>
  );
}
