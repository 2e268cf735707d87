'use client';

import type { MoreState } from '@/lib/client/use-paged-list';
import { Button } from './button';

/**
 * The button under a paginated list that loads its next page; absent on the last page. A failure
 * is said beside it, and the same button tries again.
 */
export function ShowMore({ hasMore, more, onMore, label }: { hasMore: boolean; more: MoreState; onMore: () => void; label: string }) {
  if (!hasMore) return null;
  const loading = more.state === 'loading';
  return (
    <div className="mt-4 flex flex-wrap items-center gap-3">
      {/* aria-disabled while loading: a disabled button would drop keyboard focus. */}
      <Button onClick={() => !loading && onMore()} aria-disabled={loading}>
        {loading ? 'Loading…' : label}
      </Button>
      {more.state === 'failed' ? (
        <p role="alert" className="text-sm text-danger">
          {more.message}
        </p>
      ) : null}
    </div>
  );
}
