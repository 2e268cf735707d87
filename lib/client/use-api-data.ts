'use client';

import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { authClient } from './auth-context';
import { Loader, whenPageReturns, type Loaded } from './loader';

/**
 * Binds a Loader (lib/client/loader.ts: retries, refreshes, writes) to the component: its state
 * rendered, its first load once the component is in the browser, a refresh whenever the page comes
 * back, and its request aborted when the component goes. `reload` is `Try again`; `update` shows a
 * write's result, whatever the list was showing.
 */
export function useLoader<T>(loader: Loader<T>) {
  const subscribe = useCallback((listener: () => void) => loader.subscribe(listener), [loader]);
  const snapshot = useCallback(() => loader.state, [loader]);
  const loaded: Loaded<T> = useSyncExternalStore(subscribe, snapshot, snapshot);

  useEffect(() => {
    loader.start();
    const stopWatching = whenPageReturns(() => loader.refresh());
    return () => {
      stopWatching();
      loader.stop();
    };
  }, [loader]);

  const reload = useCallback(() => loader.reload(), [loader]);
  const update = useCallback((change: (data: T) => T) => loader.update(change), [loader]);
  const extend = useCallback((change: (data: T) => T) => loader.extend(change), [loader]);
  return { loaded, reload, update, extend };
}

/** GETs `path` once the component is in the browser, and keeps it as useLoader says. */
export function useApiData<T>(path: string) {
  const loader = useMemo(() => new Loader<T>({ load: (signal) => authClient().json<T>(path, { signal }) }), [path]);
  const { loaded, reload, update } = useLoader(loader);
  return { loaded, reload, update };
}

/**
 * Whether a load has answered once (its data or its failure), and stays true through later
 * reloads: for drawing what sits below a list only once the list has taken its height.
 */
export function useHasArrived(loaded: Loaded<unknown>): boolean {
  const [arrived, setArrived] = useState(false);
  // React's pattern for state derived from a render: set during render, before anything is drawn.
  if (!arrived && loaded.state !== 'loading') setArrived(true);
  return arrived;
}

/** Calls `onArrived` once the load has answered (see useHasArrived), for a parent drawing below it. */
export function useOnArrived(loaded: Loaded<unknown>, onArrived: () => void): void {
  const arrived = useHasArrived(loaded);
  useEffect(() => {
    if (arrived) onArrived();
  }, [arrived, onArrived]);
}
