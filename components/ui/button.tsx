import type { ComponentProps } from 'react';

const VARIANTS = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-500 focus:ring-indigo-300',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 focus:ring-indigo-200',
  danger: 'bg-red-600 text-white hover:bg-red-500 focus:ring-red-300',
  'danger-outline': 'border border-red-200 bg-white text-red-700 hover:bg-red-50 focus:ring-red-200',
} as const;

interface ButtonProps extends ComponentProps<'button'> {
  variant?: keyof typeof VARIANTS;
}

/** A compact button for actions beside content; `type` defaults to `button` so it never submits by accident. */
export function Button({ variant = 'secondary', type = 'button', className = '', ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={`rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus:ring-2 disabled:cursor-wait disabled:opacity-60 aria-disabled:cursor-wait aria-disabled:opacity-60 ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
