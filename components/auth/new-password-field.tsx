'use client';

import type { ComponentProps } from 'react';
import { PasswordField } from '../ui/password-field';
import { StrengthMeter } from './strength-meter';

type NewPasswordFieldProps = Omit<ComponentProps<typeof PasswordField>, 'value' | 'onChange' | 'hint' | 'autoComplete' | 'required'> & {
  value: string;
  onValueChange: (value: string) => void;
};

/** A password being chosen (sign-up, change, reset): required, offered to password managers as new, rated as it is typed. */
export function NewPasswordField({ value, onValueChange, ...props }: NewPasswordFieldProps) {
  return (
    <PasswordField
      {...props}
      autoComplete="new-password"
      required
      value={value}
      onChange={(event) => onValueChange(event.target.value)}
      hint={<StrengthMeter password={value} />}
    />
  );
}
