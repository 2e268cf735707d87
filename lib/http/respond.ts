import { isBackendUnavailable } from '../backends/unavailable';
import { ApiError, errors, isApiError } from './errors';

/** Headers for every response that carries a token: never cached by a browser or a proxy. */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

export function json(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/** The contract's error body: `{success: false, message, code}`, plus `fields` and `reason` where there are some. */
export function errorBody(error: ApiError) {
  const { fields, reason } = error.extra;
  return { success: false, message: error.message, code: error.code, ...(fields ? { fields } : {}), ...(reason ? { reason } : {}) };
}

export function errorResponse(error: ApiError): Response {
  return json(errorBody(error), { status: error.status, headers: error.extra.headers });
}

/** Maps anything thrown to the contract's shape; unknown errors never leak their text. */
export function toErrorResponse(error: unknown, context: string): Response {
  if (isApiError(error)) return errorResponse(error);
  if (isBackendUnavailable(error)) {
    console.error(`[api] ${context}: ${error.backend} unavailable (${describe(error.cause)})`);
    return errorResponse(errors.unavailable(error.backend));
  }
  console.error(`[api] ${context}: unexpected ${describe(error)}`);
  return errorResponse(new ApiError(500, 'internal_error', 'Something went wrong on our side; nothing was changed'));
}

// Only the error's class, code and first line: drizzle puts query parameters on later lines, and
// the Upstash client appends the whole command (session ids, user agents) after "command was".
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    const message = current.message.split('\n')[0]!.split(', command was:')[0];
    parts.push(`${current.name}${code ? ` ${String(code)}` : ''}: ${message}`);
  }
  return parts.length > 0 ? parts.join(' <- ') : typeof error;
}
