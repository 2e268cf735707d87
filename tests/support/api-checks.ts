import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AppServer } from './app-server';
import { bodyOf, errorBody, type ErrorBody } from './bodies';
import { call, type ApiResponse } from './client';

/** Shared assertions for the resource API suites (projects, employees, admin). */

/**
 * The contract's error answer: `status`, a JSON body of the error shape with `code`. Returns the
 * body, for a test that looks further (at `fields`, say).
 */
export function assertError(res: ApiResponse, status: number, code: string, context = ''): ErrorBody {
  const where = `${context} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  assert.equal(res.status, status, where);
  const body = bodyOf(res, errorBody, where);
  assert.equal(body.code, code, where);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/, where);
  return body;
}

/** A 400 validation_error naming `field` in `fields`: its message. */
export function assertFieldError(res: ApiResponse, field: string, context = ''): string {
  const message = assertError(res, 400, 'validation_error', context).fields?.[field];
  if (message === undefined) assert.fail(`fields.${field} in ${context}: ${JSON.stringify(res.body)}`);
  return message;
}

/**
 * Path segments that are not UUIDs, already URL-encoded: plain junk, SQL, a 2000-character string,
 * percent-encoded junk (NUL, invalid UTF-8, a bidi override, an encoded slash) and almost-UUIDs.
 */
export const MALFORMED_IDS: readonly string[] = [
  'not-a-uuid',
  encodeURIComponent("'; drop table projects; --"),
  encodeURIComponent("1' or '1'='1"),
  'x'.repeat(2000),
  '%00',
  '%C0%AF',
  '%FF%FE',
  '%ZZ',
  '%E2%80%AE',
  '..%2F..%2Fhealth',
  '%25%25',
  `${randomUUID()}0`,
  randomUUID().replace(/[0-9a-f]$/, 'g'),
  `${randomUUID()}%20`,
];

/**
 * Runs `send(id)` for a random unknown UUID and for every malformed id: each must be a JSON 404
 * not_found, the same body as the unknown UUID's, never a 5xx.
 */
export async function assertIdsNotFound(label: string, send: (id: string) => Promise<ApiResponse>) {
  const unknown = await send(randomUUID());
  assertError(unknown, 404, 'not_found', `${label} unknown id`);
  // Every id is tried before failing, so one run reports all the ids that go wrong.
  const failures: string[] = [];
  for (const id of MALFORMED_IDS) {
    const res = await send(id);
    const same = res.status === unknown.status && JSON.stringify(res.body) === JSON.stringify(unknown.body);
    if (!same) failures.push(`${label} id=${id.slice(0, 40)}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 120)}`);
  }
  assert.deepEqual(failures, [], 'each malformed id answers exactly like an unknown id (404 not_found JSON)');
}

/**
 * Every way a JSON body can be refused: wrong or missing content type, invalid JSON, not an object
 * (400 validation_error), and a body over 64 KiB (413 payload_too_large).
 */
export async function assertBodyRulesEnforced(app: AppServer, method: string, path: string, token: string, valid: Record<string, unknown>) {
  const text = JSON.stringify(valid);
  const cases: Array<[string, Record<string, string>, string]> = [
    ['text/plain', { 'content-type': 'text/plain' }, text],
    ['form', { 'content-type': 'application/x-www-form-urlencoded' }, 'name=x&title=x&firstName=x&lastName=x&role=user'],
    ['invalid JSON', { 'content-type': 'application/json' }, text.slice(0, -1)],
    ['empty body', { 'content-type': 'application/json' }, ''],
    ['array', { 'content-type': 'application/json' }, `[${text}]`],
    ['null', { 'content-type': 'application/json' }, 'null'],
    ['string', { 'content-type': 'application/json' }, JSON.stringify(text)],
  ];
  for (const [name, headers, body] of cases) {
    const res = await call(app, method, path, { token, headers, body });
    assertError(res, 400, 'validation_error', `${method} ${path} ${name}`);
  }
  const huge = JSON.stringify({ ...valid, padding: 'x'.repeat(65 * 1024) });
  const tooLarge = await call(app, method, path, { token, headers: { 'content-type': 'application/json' }, body: huge });
  assertError(tooLarge, 413, 'payload_too_large', `${method} ${path} 65 KiB body`);
}

/** No Authorization header: the middleware's 401 missing_token; a garbage token: 401 invalid_token. */
export async function assertNeedsToken(app: AppServer, method: string, path: string, json?: unknown) {
  const label = `${method} ${path}`;
  for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }] as Array<Record<string, string>>) {
    const res = await call(app, method, path, { headers, json });
    assertError(res, 401, 'missing_token', `${label} ${JSON.stringify(headers)}`);
    assert.deepEqual(res.body, { success: false, message: 'No token provided', code: 'missing_token' }, label);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/, label);
    assert.doesNotMatch(res.headers.get('www-authenticate') ?? '', /error=/, `${label}: no token sent, so no error in the challenge`);
  }
  for (const token of ['garbage', 'eyJhbGciOiJIUzI1NiJ9.e30.AAAA']) {
    const res = await call(app, method, path, { token, json });
    assertError(res, 401, 'invalid_token', `${label} token=${token}`);
    assert.deepEqual(res.body, { success: false, message: 'Invalid token', code: 'invalid_token' }, label);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer .*error="invalid_token"/, label);
  }
}
