'use client';

import { useId } from 'react';
import { sendJson } from '@/lib/client/api';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import type { Project } from '@/lib/resources/shapes';
import { projectUpdateSchema } from '@/lib/validation/resources';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/form-alert';
import { TextAreaField } from '../ui/text-area-field';
import { TextField } from '../ui/text-field';

export function ProjectEditForm({ project, onSaved, onCancel }: { project: Project; onSaved: (project: Project) => void; onCancel: () => void }) {
  const id = useId();
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(projectUpdateSchema, async (values) => {
    const body = await sendJson<{ project: Project }>('PATCH', `/api/projects/${project.id}`, values);
    onSaved(body.project);
  });

  return (
    <form onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} aria-label="Edit project" className="space-y-2">
      <FormAlert message={alert} />
      <TextField id={`${id}-name`} label="Project name" name="name" defaultValue={project.name} required autoFocus autoComplete="off" error={fields.name} />
      <TextAreaField id={`${id}-description`} label="Description" name="description" defaultValue={project.description} rows={4} error={fields.description} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
