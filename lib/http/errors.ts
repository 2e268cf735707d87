import type { Backend } from '../backends/unavailable';
import { describeWait } from './wait';

/**
 * The one error type of the API. Everything a handler refuses is thrown as an ApiError and turned
 * into the contract's JSON shape by lib/http/respond.ts; anything else becomes a generic 500.
 */
export type ErrorCode =
  | 'validation_error'
  | 'missing_token'
  | 'token_expired'
  | 'invalid_token'
  | 'invalid_credentials'
  | 'invalid_refresh_token'
  | 'forbidden'
  | 'forbidden_origin'
  | 'reauth_required'
  | 'invalid_code'
  | 'invalid_mfa_token'
  | 'email_unverified'
  | 'account_disabled'
  | 'not_found'
  | 'method_not_allowed'
  | 'email_taken'
  | 'last_admin'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal_error';

// Next.js bundles every route separately, so an error created by an object cached on globalThis
// (the token store, the database) can come from another bundle's copy of this class, and
// `instanceof` would fail. A Symbol.for brand is the same in every bundle.
const API_ERROR = Symbol.for('nextjs-jwt-auth.ApiError');

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly [API_ERROR] = true;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { fields?: Record<string, string>; headers?: Record<string, string>; reason?: string } = {},
  ) {
    super(message);
  }
}

/** The 503 of a full password-hashing queue; the pages recognise it to say so in their own words. */
export const BUSY_MESSAGE = 'The server is busy; try again in a few seconds';

const bearerChallenge = (error?: string, description?: string) =>
  error ? `Bearer realm="api", error="${error}", error_description="${description}"` : 'Bearer realm="api"';

export const errors = {
  /** `reason` says which of the cases one message covers, where telling them apart gives nothing away. */
  validation: (message: string, fields?: Record<string, string>, reason?: string) =>
    new ApiError(400, 'validation_error', message, { ...(fields ? { fields } : {}), ...(reason ? { reason } : {}) }),
  missingToken: () =>
    new ApiError(401, 'missing_token', 'No token provided', { headers: { 'WWW-Authenticate': bearerChallenge() } }),
  tokenExpired: () =>
    new ApiError(401, 'token_expired', 'Token expired', {
      headers: { 'WWW-Authenticate': bearerChallenge('invalid_token', 'The access token expired') },
    }),
  invalidToken: () =>
    new ApiError(401, 'invalid_token', 'Invalid token', {
      headers: { 'WWW-Authenticate': bearerChallenge('invalid_token', 'The access token is invalid') },
    }),
  invalidCredentials: () =>
    new ApiError(401, 'invalid_credentials', 'Invalid email or password', { headers: { 'WWW-Authenticate': bearerChallenge() } }),
  invalidRefreshToken: (tokenSent: boolean) =>
    new ApiError(401, 'invalid_refresh_token', 'Invalid refresh token', {
      headers: { 'WWW-Authenticate': tokenSent ? bearerChallenge('invalid_token', 'The refresh token is invalid') : bearerChallenge() },
    }),
  forbidden: (message = 'You do not have permission to do that') => new ApiError(403, 'forbidden', message),
  forbiddenOrigin: () => new ApiError(403, 'forbidden_origin', 'Cross-origin request refused'),
  reauthRequired: () => new ApiError(403, 'reauth_required', 'Confirm it is you: this needs a recent sign-in'),
  invalidCode: () => new ApiError(401, 'invalid_code', 'That code is not right', { headers: { 'WWW-Authenticate': bearerChallenge() } }),
  invalidMfaToken: () =>
    new ApiError(401, 'invalid_mfa_token', 'This sign-in has expired or failed too often; log in again', { headers: { 'WWW-Authenticate': bearerChallenge() } }),
  emailUnverified: () =>
    new ApiError(403, 'email_unverified', 'Verify your email address first: open the link we emailed you, or ask for a new one.'),
  accountDisabled: () => new ApiError(403, 'account_disabled', 'This account has been disabled. Ask an administrator if you think this is a mistake.'),
  notFound: (message = 'Not found') => new ApiError(404, 'not_found', message),
  methodNotAllowed: (allowed: readonly string[]) =>
    new ApiError(405, 'method_not_allowed', 'Method not allowed', { headers: { Allow: allowed.join(', ') } }),
  emailTaken: (message = 'An account with this email already exists') => new ApiError(409, 'email_taken', message, { fields: { email: message } }),
  lastAdmin: () => new ApiError(409, 'last_admin', 'At least one admin must remain'),
  payloadTooLarge: (limitBytes: number) =>
    new ApiError(413, 'payload_too_large', `Request body must be at most ${limitBytes / 1024} KiB`),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(429, 'rate_limited', `Too many attempts. Try again in ${describeWait(retryAfterSeconds)}.`, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
  unavailable: (what: Backend) =>
    new ApiError(503, 'unavailable', `The ${what} is unavailable; nothing was changed, try again shortly`, {
      headers: { 'Retry-After': '5' },
    }),
  busy: (retryAfterSeconds: number) =>
    new ApiError(503, 'unavailable', BUSY_MESSAGE, { headers: { 'Retry-After': String(retryAfterSeconds) } }),
};

export const isApiError = (error: unknown): error is ApiError => typeof error === 'object' && error !== null && API_ERROR in error;
