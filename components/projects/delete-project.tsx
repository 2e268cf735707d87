'use client';

import { useRouter } from 'next/navigation';
import { sendJson } from '@/lib/client/api';
import type { Project } from '@/lib/resources/shapes';
import { ConfirmButton } from '../ui/confirm-button';

export function DeleteProject({ project }: { project: Project }) {
  const router = useRouter();
  return (
    <section aria-labelledby="delete-project-heading" className="mt-6 rounded-xl border border-danger-line bg-surface p-6 shadow-sm">
      <h2 id="delete-project-heading">
        Delete this project
      </h2>
      <p className="mt-1 mb-4 text-sm text-fg-muted">The project and all its tasks are removed for good.</p>
      <ConfirmButton
        question={`Delete “${project.name}” and all its tasks? This cannot be undone.`}
        confirmLabel="Yes, delete project"
        busyLabel="Deleting…"
        onConfirm={async () => {
          await sendJson('DELETE', `/api/projects/${project.id}`);
          // Replace, not push: Back must not lead to a project that no longer exists.
          router.replace('/dashboard');
        }}
      >
        Delete project
      </ConfirmButton>
    </section>
  );
}
