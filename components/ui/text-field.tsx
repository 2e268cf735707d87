import type { ComponentProps, ReactNode } from 'react';

interface TextFieldProps extends ComponentProps<'input'> {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  /** Rendered inside the input's box, after it (a show-password toggle). */
  trailing?: ReactNode;
}

/** The look of a text control, red while it holds an error; shared by inputs and text areas. */
export function controlClassName(error: string | undefined): string {
  return `block w-full rounded-md border bg-surface px-3 py-2 text-fg shadow-sm outline-none focus:ring-2 ${
    error ? 'border-danger-solid focus:ring-danger-line' : 'border-control-line focus:border-accent focus:ring-focus-ring'
  }`;
}

/** The ids a control's aria-describedby needs for its error and hint, and the attributes that tie them. */
export function describedControl(id: string, error: string | undefined, hint: ReactNode) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return { errorId, hintId, aria: { 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } };
}

/** The hint and the announced error under a control. */
export function FieldNotes({ error, errorId, hint, hintId }: { error?: string; errorId: string; hint?: ReactNode; hintId: string }) {
  return (
    <>
      {hint ? (
        <div id={hintId} className="mt-1 text-sm text-fg-muted">
          {hint}
        </div>
      ) : null}
      <p id={errorId} role="alert" className="mt-1 min-h-5 text-sm text-danger">
        {error ?? ''}
      </p>
    </>
  );
}

/** A labelled input whose error is tied to it with aria-describedby and announced when it appears. */
export function TextField({ label, name, error, hint, trailing, id = name, className, ...input }: TextFieldProps) {
  const { errorId, hintId, aria } = describedControl(id, error, hint);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {label}
      </label>
      <div className="relative mt-1">
        <input id={id} name={name} {...aria} className={`${controlClassName(error)} ${trailing ? 'pr-20' : ''}`} {...input} />
        {trailing ? <div className="absolute inset-y-0 right-0 flex items-center pr-2">{trailing}</div> : null}
      </div>
      <FieldNotes error={error} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  );
}
