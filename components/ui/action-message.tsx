export type ActionResult = { ok: boolean; text: string } | null;

const MARK_CLASS = 'mt-0.5 size-4 shrink-0';

/**
 * The outcome of an action taken in place, shown where the action was taken: a person zoomed in,
 * or following the keyboard, finds it next to the button they pressed, which a toast in a corner
 * does not give them, and it stays until the next action instead of timing out before a slow
 * reader is done. It is a marked box, not a line of small coloured text, so it reads as the
 * answer. The status region is always in the page, so screen readers announce a success when its
 * text arrives; a failure is an alert, announced as it appears.
 */
export function ActionMessage({ result }: { result: ActionResult }) {
  if (result && !result.ok) {
    return (
      <p role="alert" className="mt-2 flex max-w-prose items-start gap-2 rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-danger">
        <svg aria-hidden="true" viewBox="0 0 16 16" className={MARK_CLASS} fill="currentColor">
          <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm-.75 3.5h1.5v4.5h-1.5V4.5Zm0 6h1.5V12h-1.5v-1.5Z" />
        </svg>
        <span>{result.text}</span>
      </p>
    );
  }
  return (
    <p role="status" className="mt-2 text-sm">
      {result?.text ? (
        <span className="inline-flex max-w-prose items-start gap-2 rounded-md border border-success-line bg-success-soft px-3 py-2 font-medium text-success">
          <svg aria-hidden="true" viewBox="0 0 16 16" className={MARK_CLASS} fill="currentColor">
            <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm3.28 4.72-4 4.5a.75.75 0 0 1-1.1.03l-2-2 1.06-1.06 1.44 1.44 3.48-3.91 1.12 1Z" />
          </svg>
          <span>{result.text}</span>
        </span>
      ) : null}
    </p>
  );
}
