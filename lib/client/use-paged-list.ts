'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { authClient } from './auth-context';
import { LOAD_TIMEOUT_MS, Loader } from './loader';
import { errorMessage } from './problem-message';
import { useLoader } from './use-api-data';
import { abortAfter } from './abort-after';

/** What a paginated list has on screen: its pages so far, and where the next one starts. */
export interface PagedItems<T> {
  items: T[];
  nextCursor: string | null;
}

/** Loading the next page: idle, under way, or failed (with what to say). */
export type MoreState = { state: 'idle' } | { state: 'loading' } | { state: 'failed'; message: string };

type ListBody = Record<string, unknown> & { nextCursor?: string | null };

const pageOf = <T>(body: ListBody, key: string): PagedItems<T> => ({ items: (body[key] as T[] | undefined) ?? [], nextCursor: body.nextCursor ?? null });

const withCursor = (path: string, cursor: string) => `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;

/**
 * A list the API pages by cursor (`{<key>: [...], nextCursor}`): its first page kept as useLoader
 * keeps any GET (retried, refreshed, shown after writes), then `loadMore` appends the next one on
 * demand. `reload` starts again from the first page; `update` shows a write's result.
 */
export function usePagedList<T>(path: string, key: string) {
  const loader = useMemo(
    () => new Loader<PagedItems<T>>({ load: async (signal) => pageOf<T>(await authClient().json<ListBody>(path, { signal }), key) }),
    [path, key],
  );
  const { loaded, reload: reloadList, update, extend } = useLoader(loader);
  const [more, setMore] = useState<MoreState>({ state: 'idle' });
  const moreRequest = useRef<AbortController | null>(null);
  useEffect(() => () => moreRequest.current?.abort(), [loader]);

  const reload = useCallback(() => {
    moreRequest.current?.abort();
    setMore({ state: 'idle' });
    reloadList();
  }, [reloadList]);

  const cursor = loaded.state === 'ready' ? loaded.data.nextCursor : null;
  const loadMore = useCallback(async () => {
    if (!cursor) return;
    moreRequest.current?.abort();
    const request = new AbortController();
    moreRequest.current = request;
    setMore({ state: 'loading' });
    try {
      const page = pageOf<T>(await authClient().json<ListBody>(withCursor(path, cursor), { signal: abortAfter(request.signal, LOAD_TIMEOUT_MS) }), key);
      // Only onto the page it continues: a reload meanwhile started the list again.
      extend((current) => (current.nextCursor === cursor ? { items: [...current.items, ...page.items], nextCursor: page.nextCursor } : current));
      setMore({ state: 'idle' });
    } catch (error) {
      if (!request.signal.aborted) setMore({ state: 'failed', message: errorMessage(error) });
    }
  }, [path, key, cursor, extend]);

  return { loaded, reload, update, more, loadMore };
}
