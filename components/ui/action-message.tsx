export type ActionResult = { ok: boolean; text: string } | null;

/**
 * The outcome of an action taken in place. The status region is always in the page, so screen
 * readers announce a success when its text arrives; a failure is an alert, announced as it appears.
 */
export function ActionMessage({ result }: { result: ActionResult }) {
  if (result && !result.ok) {
    return (
      <p role="alert" className="mt-1 text-sm text-red-700">
        {result.text}
      </p>
    );
  }
  return (
    <p role="status" className="mt-1 text-sm text-green-700">
      {result?.text ?? ''}
    </p>
  );
}
