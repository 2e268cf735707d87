import { buttonClassName } from './button';

/**
 * A form's own submit: the primary button, full width, saying what it is doing while busy. Busy,
 * it is aria-disabled rather than disabled, because a disabled button loses the keyboard focus: a
 * person who sent the form from it would, after a refusal, start again from the top of the page.
 * Its click (also Enter in a field, which clicks it) is cancelled instead, so nothing is sent twice.
 */
export function SubmitButton({ busy, children, busyLabel }: { busy: boolean; children: string; busyLabel: string }) {
  return (
    <button
      type="submit"
      aria-disabled={busy}
      onClick={(event) => {
        if (busy) event.preventDefault();
      }}
      className={`${buttonClassName('primary', 'regular')} w-full`}
    >
      {busy ? busyLabel : children}
    </button>
  );
}
