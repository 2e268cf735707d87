/** The form-level message (wrong password, server unavailable), announced to screen readers. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" aria-live="assertive" className={message ? 'rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-danger' : 'sr-only'}>
      {message ?? ''}
    </div>
  );
}
