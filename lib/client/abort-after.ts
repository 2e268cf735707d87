/**
 * A signal that aborts when `signal` does, or with a `TimeoutError` after `ms`: what joining
 * `signal` and `AbortSignal.timeout(ms)` with `AbortSignal.any` gives, written out because
 * `AbortSignal.any` is newer than the browsers the app supports (Safari 17.4, Chrome 116, Firefox
 * 124, against Next.js's Safari 16.4, Chrome 111, Firefox 111). Where it is missing, the lists'
 * loads threw a TypeError and every signed-in page showed its error screen instead.
 */
export function abortAfter(signal: AbortSignal, ms: number): AbortSignal {
  const combined = new AbortController();
  if (signal.aborted) {
    combined.abort(signal.reason);
    return combined.signal;
  }
  const timer = setTimeout(() => combined.abort(new DOMException('The load took too long', 'TimeoutError')), ms);
  const follow = () => {
    clearTimeout(timer);
    combined.abort(signal.reason);
  };
  signal.addEventListener('abort', follow, { once: true });
  combined.signal.addEventListener('abort', () => signal.removeEventListener('abort', follow), { once: true });
  return combined.signal;
}
