import { buttonClassName } from '../ui/button';

/** The login page's other way in: a passkey, no email or password needed. */
export function PasskeySignInButton({ busy, onClick }: { busy: boolean; onClick: () => void }) {
  return (
    <>
      <div aria-hidden="true" className="flex items-center gap-3 pt-1 text-xs uppercase tracking-wide text-fg-subtle">
        <span className="h-px flex-1 bg-muted" />
        or
        <span className="h-px flex-1 bg-muted" />
      </div>
      {/* aria-disabled rather than disabled while busy: a disabled button would drop keyboard focus. */}
      <button
        type="button"
        onClick={onClick}
        aria-disabled={busy}
        className={`${buttonClassName('secondary', 'regular')} w-full`}
      >
        {busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
    </>
  );
}
