'use client';

import { useCallback, useEffect, useState } from 'react';
import { ApiRequestError } from './auth-client';
import { authClient } from './auth-context';
import { errorMessage } from './problem-message';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'failed'; message: string; notFound: boolean };

/**
 * GETs `path` once the component is in the browser. `reload` fetches again, keeping data already on
 * screen (a failure goes back to loading, so `Try again` shows it is trying); `update` changes the
 * data in place after a write whose result the page already holds.
 */
export function useApiData<T>(path: string) {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // A response for a path or attempt this component has moved past must not overwrite a newer one.
    let current = true;
    authClient()
      .json<T>(path)
      .then(
        (data) => current && setLoaded({ state: 'ready', data }),
        (error: unknown) =>
          current &&
          setLoaded({ state: 'failed', message: errorMessage(error), notFound: error instanceof ApiRequestError && error.problem.status === 404 }),
      );
    return () => {
      current = false;
    };
  }, [path, attempt]);

  const reload = useCallback(() => {
    setLoaded((previous) => (previous.state === 'failed' ? { state: 'loading' } : previous));
    setAttempt((n) => n + 1);
  }, []);
  const update = useCallback((change: (data: T) => T) => {
    setLoaded((previous) => (previous.state === 'ready' ? { state: 'ready', data: change(previous.data) } : previous));
  }, []);

  return { loaded, reload, update };
}
