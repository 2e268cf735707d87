import { ApiRequestError } from './auth-client';
import { errorMessage } from './problem-message';
import { abortAfter } from './abort-after';

/** What a GET has produced so far, as a page shows it. */
export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'failed'; message: string; notFound: boolean };

/**
 * The waits before each automatic retry of a failed load. After the last one the failure is shown
 * with `Try again`, and nothing more is sent until the person asks or the page comes back.
 */
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000];

/** Data on screen that arrived this recently is not fetched again when the page comes back. */
export const FRESH_FOR_MS = 5_000;

/**
 * A load not answered by then is abandoned as if the server were unreachable, and retried like
 * one: a server that accepts the connection and never answers must not leave "Loading…" up for
 * good. Generous, since it includes renewing an expired access token on a slow network.
 */
export const LOAD_TIMEOUT_MS = 15_000;

export interface LoaderOptions<T> {
  /** One request for the data; it must stop when `signal` aborts. */
  load: (signal: AbortSignal) => Promise<T>;
  retryDelaysMs?: readonly number[];
  loadTimeoutMs?: number;
  freshForMs?: number;
  /** Runs `run` after `ms`, returning what cancels it (setTimeout by default; tests pass a clock of their own). */
  schedule?: (run: () => void, ms: number) => () => void;
  now?: () => number;
}

/**
 * Worth sending again unchanged: no answer at all (a server restarting, a network gone), a server
 * error, or a request to wait. Any other refusal (404, 403, 401) will be the same next time.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiRequestError)) return true;
  const { status } = error.problem;
  return status >= 500 || status === 408 || status === 429;
}

const setTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/**
 * One GET and what a page has of it, kept apart from React so the retry and refresh rules live in
 * one place (lib/client/use-api-data.ts binds it to a component):
 *
 * - a failed load is sent again after each of RETRY_DELAYS_MS while the failure is transient,
 *   then the failure is shown; a list already on screen stays on screen meanwhile;
 * - `refresh` (the page shown again, the network back) loads again unless a load is under way or
 *   the data on screen is fresh or extended by the person (pages they asked for);
 * - `update` shows a write's result whatever the state: in place over data on screen, else by
 *   loading again, since the server that took the write can answer;
 * - at most one request at a time: a newer load aborts the older, and `stop` aborts whatever is
 *   under way and cancels the waiting retry; a load unanswered after LOAD_TIMEOUT_MS fails as
 *   unreachable.
 */
export class Loader<T> {
  private loaded: Loaded<T> = { state: 'loading' };
  private readonly listeners = new Set<() => void>();
  private request: AbortController | null = null;
  private cancelRetry: (() => void) | null = null;
  private failures = 0;
  private extended = false;
  // Whether the load under way (or its waiting retry) is a refresh, which pages the person asks
  // for meanwhile cancel; a reload (Try again, a write) is not.
  private refreshing = false;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private active = false;
  private readonly retryDelays: readonly number[];
  private readonly freshFor: number;
  private readonly loadTimeout: number;
  private readonly schedule: (run: () => void, ms: number) => () => void;
  private readonly now: () => number;

  constructor(private readonly options: LoaderOptions<T>) {
    this.retryDelays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.freshFor = options.freshForMs ?? FRESH_FOR_MS;
    this.loadTimeout = options.loadTimeoutMs ?? LOAD_TIMEOUT_MS;
    this.schedule = options.schedule ?? setTimer;
    this.now = options.now ?? Date.now;
  }

  get state(): Loaded<T> {
    return this.loaded;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The component is on screen: load (again, when it comes back with data, as a refresh). */
  start(): void {
    this.active = true;
    if (this.loaded.state === 'ready') this.refresh();
    else this.restart();
  }

  /** The component is gone: abort the request under way, cancel the waiting retry, send nothing more. */
  stop(): void {
    this.active = false;
    this.cancel();
  }

  /** `Try again`, or a write whose result the page cannot patch in: load now, with a fresh set of retries. */
  reload(): void {
    if (this.loaded.state === 'failed') this.set({ state: 'loading' });
    this.restart();
  }

  /** The page may have missed changes (shown again, back online): load again unless pointless. */
  refresh(): void {
    if (this.request) return;
    if (this.loaded.state === 'ready' && (this.extended || this.now() - this.loadedAt < this.freshFor)) return;
    this.restart(true);
  }

  /** A write succeeded and `change` says what it did to the data. */
  update(change: (data: T) => T): void {
    if (this.loaded.state !== 'ready') {
      this.reload();
      return;
    }
    this.set({ state: 'ready', data: change(this.loaded.data) });
    // The load under way may have been answered before the write, and would undo it on screen.
    if (this.request) this.restart();
  }

  /** Adds to the data on screen what the person asked for (a further page); a refresh leaves it alone. */
  extend(change: (data: T) => T): void {
    if (this.loaded.state !== 'ready') return;
    const data = change(this.loaded.data);
    if (data === this.loaded.data) return;
    // A refresh sent before it would put the first page back over the pages asked for.
    if (this.refreshing) this.cancel();
    this.extended = true;
    this.set({ state: 'ready', data });
  }

  private set(loaded: Loaded<T>): void {
    this.loaded = loaded;
    for (const listener of this.listeners) listener();
  }

  private cancel(): void {
    this.refreshing = false;
    this.request?.abort();
    this.request = null;
    this.cancelRetry?.();
    this.cancelRetry = null;
  }

  private restart(refreshing = false): void {
    this.failures = 0;
    this.attempt(refreshing);
  }

  private attempt(refreshing: boolean): void {
    this.cancel();
    if (!this.active) return;
    const request = new AbortController();
    this.request = request;
    this.refreshing = refreshing;
    this.options.load(abortAfter(request.signal, this.loadTimeout)).then(
      (data) => {
        if (this.request !== request) return;
        this.request = null;
        this.refreshing = false;
        this.failures = 0;
        this.extended = false;
        this.loadedAt = this.now();
        this.set({ state: 'ready', data });
      },
      (error: unknown) => {
        if (this.request !== request) return;
        this.request = null;
        this.failed(error, refreshing);
      },
    );
  }

  private failed(error: unknown, refreshing: boolean): void {
    const transient = isTransient(error);
    const delay = this.retryDelays[this.failures];
    if (transient && delay !== undefined) {
      this.failures++;
      this.cancelRetry = this.schedule(() => {
        this.cancelRetry = null;
        this.attempt(refreshing);
      }, delay);
      return;
    }
    this.refreshing = false;
    // Data on screen is worth more than an error about reaching the server; a later refresh updates it.
    if (transient && this.loaded.state === 'ready') return;
    this.set({ state: 'failed', message: errorMessage(error), notFound: error instanceof ApiRequestError && error.problem.status === 404 });
  }
}

/**
 * Calls `refresh` whenever the page may have missed changes: the tab shown again, the window
 * focused again, the network back. Returns what stops it.
 */
export function whenPageReturns(refresh: () => void): () => void {
  const onVisibility = () => {
    if (document.visibilityState === 'visible') refresh();
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('focus', refresh);
  window.addEventListener('online', refresh);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('focus', refresh);
    window.removeEventListener('online', refresh);
  };
}
