import type { ComponentProps } from 'react';

/**
 * The app's one button scale. `primary` is the action a screen is for (one per form or panel),
 * `secondary` every other action, `danger` the confirmed destructive step and `danger-outline`
 * the quiet first step towards it (ConfirmButton), so a destructive button never shouts until asked.
 */
const VARIANTS = {
  primary: 'bg-primary text-on-primary shadow-sm hover:bg-primary-hover focus:ring-focus-ring',
  secondary: 'border border-line-strong bg-surface text-fg shadow-sm hover:bg-subtle focus:ring-focus-ring',
  danger: 'bg-danger-solid text-on-primary shadow-sm hover:bg-danger-solid-hover focus:ring-danger-line',
  'danger-outline': 'border border-danger-line bg-surface text-danger hover:bg-danger-soft focus:ring-danger-line',
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

/** `small` for actions beside content (rows, panels, the header); `regular` for a form's own submit and the home page's calls to action. */
const SIZES = { small: 'px-3 py-1.5 text-sm', regular: 'px-4 py-2.5' } as const;

export type ButtonSize = keyof typeof SIZES;

/** The button look, also for a link that leads somewhere but should read as an action (Sign up). */
export function buttonClassName(variant: ButtonVariant = 'secondary', size: ButtonSize = 'small'): string {
  return `inline-block rounded-md text-center font-medium focus:outline-none focus:ring-2 disabled:cursor-wait disabled:opacity-60 aria-disabled:cursor-wait aria-disabled:opacity-60 ${SIZES[size]} ${VARIANTS[variant]}`;
}

/**
 * A button that reads as a link: it changes what the current form shows (a recovery code instead
 * of a password) rather than acting on anything.
 */
export const TEXT_BUTTON_CLASS = 'font-medium text-link hover:text-link-hover hover:underline';

interface ButtonProps extends ComponentProps<'button'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

/** A button of the scale; `type` defaults to `button` so it never submits by accident. */
export function Button({ variant = 'secondary', size = 'small', type = 'button', className = '', ...props }: ButtonProps) {
  return <button type={type} className={`${buttonClassName(variant, size)} ${className}`} {...props} />;
}
