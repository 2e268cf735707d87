import type { ReactNode } from 'react';
import type { Loaded } from '@/lib/client/loader';
import { Button } from './button';

/** Shows what a GET has produced: a loading line, the failure with `Try again`, or the data. */
export function LoadState<T>({ loaded, loading, onRetry, children }: { loaded: Loaded<T>; loading: string; onRetry: () => void; children: (data: T) => ReactNode }) {
  if (loaded.state === 'loading') {
    return (
      <p role="status" className="mt-4 text-sm text-fg-subtle">
        {loading}
      </p>
    );
  }
  if (loaded.state === 'failed') {
    return (
      <div role="alert" className="mt-4 flex flex-wrap items-center gap-3 rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-danger">
        <span>{loaded.message}</span>
        <Button onClick={onRetry}>Try again</Button>
      </div>
    );
  }
  return <>{children(loaded.data)}</>;
}
