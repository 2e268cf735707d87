'use client';

import { useState } from 'react';
import { useFocusReturn } from '@/lib/client/use-focus-return';
import type { Project } from '@/lib/resources/shapes';
import { Button } from '../ui/button';
import { ProjectEditForm } from './project-edit-form';

/** The project's name and description, and the switch to edit them in place. */
export function ProjectDetails({ project, onSaved }: { project: Project; onSaved: (project: Project) => void }) {
  const [editing, setEditing] = useState(false);
  const editRef = useFocusReturn<HTMLButtonElement>(editing);

  if (editing) {
    return (
      <ProjectEditForm
        project={project}
        onSaved={(saved) => {
          onSaved(saved);
          setEditing(false);
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }
  return (
    <div>
      <h1 className="break-words">{project.name}</h1>
      {project.description ? (
        <p className="mt-2 break-words whitespace-pre-line text-fg-muted">{project.description}</p>
      ) : (
        <p className="mt-2 text-fg-subtle">No description.</p>
      )}
      <Button ref={editRef} className="mt-4" onClick={() => setEditing(true)}>
        Edit name and description
      </Button>
    </div>
  );
}
