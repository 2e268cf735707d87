import type { ComponentProps, ReactNode } from 'react';
import { controlClassName, describedControl, FieldNotes } from './text-field';

interface TextAreaFieldProps extends ComponentProps<'textarea'> {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
}

/** The multi-line sibling of TextField, with the same label, error and hint wiring. */
export function TextAreaField({ label, name, error, hint, id = name, className, rows = 3, ...textarea }: TextAreaFieldProps) {
  const { errorId, hintId, aria } = describedControl(id, error, hint);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {label}
      </label>
      <textarea id={id} name={name} rows={rows} {...aria} className={`mt-1 ${controlClassName(error)}`} {...textarea} />
      <FieldNotes error={error} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  );
}
