'use client';

import { useCallback, useEffect, useState } from 'react';
import { ApiRequestError } from './auth-client';
import { authClient } from './auth-context';
import { errorMessage } from './problem-message';
import type { Loaded } from './use-api-data';

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
 * A list the API pages by cursor (`{<key>: [...], nextCursor}`): the first page once the component
 * is in the browser, then `loadMore` appends the next one on demand. `reload` starts again from the
 * first page; `update` changes what is on screen after a write whose result the page already holds.
 */
export function usePagedList<T>(path: string, key: string) {
  const [loaded, setLoaded] = useState<Loaded<PagedItems<T>>>({ state: 'loading' });
  const [more, setMore] = useState<MoreState>({ state: 'idle' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // A response for a path or attempt this component has moved past must not overwrite a newer one.
    let current = true;
    authClient()
      .json<ListBody>(path)
      .then(
        (body) => current && setLoaded({ state: 'ready', data: pageOf<T>(body, key) }),
        (error: unknown) =>
          current &&
          setLoaded({ state: 'failed', message: errorMessage(error), notFound: error instanceof ApiRequestError && error.problem.status === 404 }),
      );
    return () => {
      current = false;
    };
  }, [path, key, attempt]);

  const reload = useCallback(() => {
    setLoaded((previous) => (previous.state === 'failed' ? { state: 'loading' } : previous));
    setMore({ state: 'idle' });
    setAttempt((n) => n + 1);
  }, []);

  const update = useCallback((change: (data: PagedItems<T>) => PagedItems<T>) => {
    setLoaded((previous) => (previous.state === 'ready' ? { state: 'ready', data: change(previous.data) } : previous));
  }, []);

  const cursor = loaded.state === 'ready' ? loaded.data.nextCursor : null;
  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setMore({ state: 'loading' });
    try {
      const page = pageOf<T>(await authClient().json<ListBody>(withCursor(path, cursor)), key);
      // Only onto the page it continues: a reload meanwhile started the list again.
      setLoaded((previous) =>
        previous.state === 'ready' && previous.data.nextCursor === cursor
          ? { state: 'ready', data: { items: [...previous.data.items, ...page.items], nextCursor: page.nextCursor } }
          : previous,
      );
      setMore({ state: 'idle' });
    } catch (error) {
      setMore({ state: 'failed', message: errorMessage(error) });
    }
  }, [path, key, cursor]);

  return { loaded, reload, update, more, loadMore };
}
