/** The form-level message (wrong password, server unavailable), announced to screen readers. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" aria-live="assertive" className={message ? 'rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800' : 'sr-only'}>
      {message ?? ''}
    </div>
  );
}
