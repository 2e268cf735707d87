/**
 * Thrown by the database (lib/db) and the token store (lib/store) when their backend cannot be
 * reached; lib/http/respond.ts turns it into the contract's 503 `unavailable`.
 */
export type Backend = 'database' | 'token store';

// Next.js bundles every route separately, so an error thrown by an object cached on globalThis
// (the token store, the database) can come from another bundle's copy of this class, and
// `instanceof` would fail. A Symbol.for brand is the same in every bundle.
const BACKEND_UNAVAILABLE = Symbol.for('nextjs-jwt-auth.BackendUnavailableError');

export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  readonly [BACKEND_UNAVAILABLE] = true;

  constructor(
    readonly backend: Backend,
    options?: { cause?: unknown },
  ) {
    super(`${backend} unavailable`, options);
  }
}

export const isBackendUnavailable = (error: unknown): error is BackendUnavailableError =>
  typeof error === 'object' && error !== null && BACKEND_UNAVAILABLE in error;
