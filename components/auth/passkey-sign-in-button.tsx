/** The login page's other way in: a passkey, no email or password needed. */
export function PasskeySignInButton({ busy, onClick }: { busy: boolean; onClick: () => void }) {
  return (
    <>
      <div aria-hidden="true" className="flex items-center gap-3 pt-1 text-xs uppercase tracking-wide text-slate-500">
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      {/* aria-disabled rather than disabled while busy: a disabled button would drop keyboard focus. */}
      <button
        type="button"
        onClick={onClick}
        aria-disabled={busy}
        className="w-full rounded-md border border-slate-300 bg-white px-4 py-2.5 font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-indigo-200 aria-disabled:cursor-wait aria-disabled:opacity-70"
      >
        {busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
    </>
  );
}
