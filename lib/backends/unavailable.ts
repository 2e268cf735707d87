/**
 * Thrown by the database (lib/db) and the token store (lib/sessions/store) when their backend cannot be
 * reached; lib/http/respond.ts turns it into the contract's 503 `unavailable`.
 */
export type Backend = 'database' | 'token store';

// Branded, not checked with instanceof, for the reason ApiError is (lib/http/errors.ts): the
// database and the store are cached on globalThis, so what they throw may come from another
// route bundle's copy of this class.
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
