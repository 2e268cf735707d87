'use client';

import { useId, useRef } from 'react';
import { sendJson } from '@/lib/client/api';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import type { Project } from '@/lib/resources/shapes';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextAreaField } from '../ui/text-area-field';
import { TextField } from '../ui/text-field';

const loadProjectCreateSchema = () => import('@/lib/validation/resources').then((module) => module.projectCreateSchema);

export function CreateProjectForm({ onCreated }: { onCreated: (project: Project) => void }) {
  const id = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(loadProjectCreateSchema, async (values) => {
    const { project } = await sendJson<{ project: Project }>('POST', '/api/projects', values);
    onCreated(project);
    // The button was disabled while sending, which drops focus; put it where the next project starts.
    nameRef.current?.focus();
  });

  return (
    <form onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} aria-labelledby={`${id}-heading`} className="mt-6 space-y-2 border-t border-line pt-6">
      <h3 id={`${id}-heading`}>
        New project
      </h3>
      <FormAlert message={alert} />
      <TextField ref={nameRef} id={`${id}-name`} label="Project name" name="name" required autoComplete="off" error={fields.name} />
      <TextAreaField id={`${id}-description`} label="Description" name="description" hint="Optional." error={fields.description} />
      <SubmitButton busy={busy} busyLabel="Creating…">
        Create project
      </SubmitButton>
    </form>
  );
}
