'use client';

import { useState, type ComponentProps } from 'react';
import { TextField } from './text-field';

/** A password input with a show/hide toggle; the toggle never submits the form. */
export function PasswordField(props: Omit<ComponentProps<typeof TextField>, 'type' | 'trailing'>) {
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      {...props}
      type={visible ? 'text' : 'password'}
      trailing={
        <button
          type="button"
          onClick={() => setVisible((shown) => !shown)}
          aria-pressed={visible}
          aria-controls={props.id ?? props.name}
          className="rounded px-2 py-1 text-xs font-medium text-link hover:bg-accent-soft"
        >
          {visible ? 'Hide' : 'Show'}
          <span className="sr-only"> password</span>
        </button>
      }
    />
  );
}
