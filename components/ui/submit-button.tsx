import { buttonClassName } from './button';

/** A form's own submit: the primary button, full width, saying what it is doing while busy. */
export function SubmitButton({ busy, children, busyLabel }: { busy: boolean; children: string; busyLabel: string }) {
  return (
    <button type="submit" disabled={busy} aria-disabled={busy} className={`${buttonClassName('primary', 'regular')} w-full`}>
      {busy ? busyLabel : children}
    </button>
  );
}
