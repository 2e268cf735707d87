import Link from 'next/link';
import type { Project } from '@/lib/resources/shapes';
import { TEXT_LINK_CLASS } from '../ui/text-link';
import { TaskCounts } from './task-counts';

export function ProjectList({ projects }: { projects: readonly Project[] }) {
  if (projects.length === 0) {
    return <p className="mt-4 text-sm text-fg-muted">No projects yet — create your first one below.</p>;
  }
  return (
    <ul className="mt-4 divide-y divide-line">
      {projects.map((project) => (
        <li key={project.id} className="py-3">
          <Link href={`/projects/${project.id}`} className={TEXT_LINK_CLASS}>
            {project.name}
          </Link>
          {project.description ? <p className="mt-1 line-clamp-2 text-sm whitespace-pre-line text-fg-muted">{project.description}</p> : null}
          <TaskCounts counts={project.taskCounts} />
        </li>
      ))}
    </ul>
  );
}
