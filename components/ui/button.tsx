import type { ComponentProps } from 'react';

const VARIANTS = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-500 focus:ring-indigo-300',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 focus:ring-indigo-200',
  danger: 'bg-red-600 text-white hover:bg-red-500 focus:ring-red-300',
  'danger-outline': 'border border-red-200 bg-white text-red-700 hover:bg-red-50 focus:ring-red-200',
} as const;

type Variant = keyof typeof VARIANTS;

const SIZES = { compact: 'px-3 py-1.5 text-sm', large: 'px-5 py-2.5' } as const;

/** The button look, for a link that leads somewhere but should read as an action (Sign up). */
export function buttonClassName(variant: Variant = 'secondary', size: keyof typeof SIZES = 'compact'): string {
  return `inline-block rounded-md font-medium focus:outline-none focus:ring-2 disabled:cursor-wait disabled:opacity-60 aria-disabled:cursor-wait aria-disabled:opacity-60 ${SIZES[size]} ${VARIANTS[variant]}`;
}

interface ButtonProps extends ComponentProps<'button'> {
  variant?: Variant;
}

/** A compact button for actions beside content; `type` defaults to `button` so it never submits by accident. */
export function Button({ variant = 'secondary', type = 'button', className = '', ...props }: ButtonProps) {
  return <button type={type} className={`${buttonClassName(variant)} ${className}`} {...props} />;
}
