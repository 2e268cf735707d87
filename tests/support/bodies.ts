import assert from 'node:assert/strict';
import { z } from 'zod';

/**
 * The API's response bodies as docs/api.md describes them, one zod schema each, and `bodyOf`, which
 * checks an answer against one and hands the test a typed value. (Small fixed answers such as
 * `{success: true, revoked: 3}` need no schema: the tests compare them whole.)
 *
 * Every object here is strict: a key the reference does not list fails the test instead of being
 * stripped out of sight, so a new field (a hash, a token id, anything undocumented) cannot slip into
 * an answer unnoticed, and a parsed body has exactly the keys the server sent. The lists are written
 * out from the reference rather than imported from the app, so a change in the code cannot quietly
 * change what the tests expect.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const uuid = z.string().regex(UUID, 'a UUID');
/** ISO 8601 in UTC, as the API promises for every time. */
const isoUtc = z
  .string()
  .regex(ISO_UTC, 'ISO 8601 in UTC')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'a real time');
const compactJws = z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'a compact JWS');
const text = z.string().min(1);
const count = z.number().int().nonnegative();
const succeeded = z.literal(true);

const publicUser = z.strictObject({
  id: uuid,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(['user', 'editor', 'admin']),
  createdAt: isoUtc,
  emailVerified: z.boolean(),
  mfaEnabled: z.boolean(),
});
export type PublicUser = z.infer<typeof publicUser>;
/** A user as the admin API shows one: the public shape, and whether the account is disabled. */
const adminUser = publicUser.extend({ disabled: z.boolean() });
export type AdminUser = z.infer<typeof adminUser>;

/** Register, login, its second step, refresh, and a link that signs in: `{success, user, accessToken, expiresIn}`. */
export const signedInBody = z.strictObject({ success: succeeded, user: publicUser, accessToken: compactJws, expiresIn: z.number().int().positive() });
export type SignedInBody = z.infer<typeof signedInBody>;
/** Register under `EMAIL_VERIFICATION=required`: no token. */
export const verificationRequiredBody = z.strictObject({ success: succeeded, user: publicUser, verificationRequired: z.literal(true) });
/** The right password of an account with a second factor: the login is not finished. */
export const mfaRequiredBody = z.strictObject({ success: succeeded, mfaRequired: z.literal(true), mfaToken: z.string() });
/** `GET`/`PATCH /api/auth/me`, a verification link that signs nobody in, an admin's role change. */
export const userBody = z.strictObject({ success: succeeded, user: publicUser });
export const reauthBody = z.strictObject({ success: succeeded, accessToken: compactJws, expiresIn: z.number().int().positive() });
/** Forgot-password, reset-password, verification mail and address change requests. */
export const messageBody = z.strictObject({ success: succeeded, message: text });
export const alreadyVerifiedBody = z.strictObject({ success: succeeded, alreadyVerified: z.literal(true), message: text });
export const linkStateBody = z.strictObject({ success: succeeded, state: z.enum(['valid', 'used', 'expired', 'invalid']) });

export const totpSetupBody = z.strictObject({ success: succeeded, secret: z.string(), otpauthUri: z.string(), qrCode: z.string() });
export const recoveryCodesBody = z.strictObject({ success: succeeded, recoveryCodes: z.array(z.string()) });

/**
 * Every error: `{success: false, message, code}`, plus `fields` on field errors and `email_taken`,
 * and `reason` on a refused verification link.
 */
export const errorBody = z.strictObject({
  success: z.literal(false),
  message: text,
  code: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  reason: z.enum(['used', 'expired', 'invalid']).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;

const backend = <const Kinds extends readonly [string, ...string[]]>(kinds: Kinds) => z.strictObject({ kind: z.enum(kinds), status: z.enum(['ok', 'down']) });
const database = backend(['pglite', 'postgres']);
const store = backend(['memory', 'upstash']);
export const healthBody = z.strictObject({ success: succeeded, status: z.literal('ok'), database, store });
/** The health check's 503: the error shape, with what is down. */
export const healthDownBody = z.strictObject({
  success: z.literal(false),
  status: z.literal('unavailable'),
  code: z.literal('unavailable'),
  message: text,
  database,
  store,
});

const project = z.strictObject({
  id: uuid,
  name: z.string(),
  description: z.string(),
  createdAt: isoUtc,
  updatedAt: isoUtc,
  taskCounts: z.strictObject({ todo: count, in_progress: count, done: count }),
});
const task = z.strictObject({
  id: uuid,
  projectId: uuid,
  title: z.string(),
  status: z.enum(['todo', 'in_progress', 'done']),
  createdAt: isoUtc,
  updatedAt: isoUtc,
});
const employee = z.strictObject({
  id: uuid,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  createdBy: uuid.nullable(),
  createdAt: isoUtc,
  updatedAt: isoUtc,
});
export const projectBody = z.strictObject({ success: succeeded, project });
/** A page of a list: newest first, and the cursor of the next page, null on the last. */
const nextCursor = z.string().min(1).nullable();
export const projectsBody = z.strictObject({ success: succeeded, projects: z.array(project), nextCursor });
export const taskBody = z.strictObject({ success: succeeded, task });
export const tasksBody = z.strictObject({ success: succeeded, tasks: z.array(task) });
export const employeeBody = z.strictObject({ success: succeeded, employee });
export const employeesBody = z.strictObject({ success: succeeded, employees: z.array(employee), nextCursor });
export const usersBody = z.strictObject({ success: succeeded, users: z.array(adminUser), nextCursor });
/** An admin's change to a user: role or disabled. */
export const adminUserBody = z.strictObject({ success: succeeded, user: adminUser });

const session = z.strictObject({
  id: uuid,
  createdAt: isoUtc,
  lastUsedAt: isoUtc,
  expiresAt: isoUtc,
  userAgent: z.string(),
  device: z.string(),
  current: z.boolean(),
});
export const sessionsBody = z.strictObject({ success: succeeded, sessions: z.array(session) });

const securityEvent = z.strictObject({
  id: z.number().int(),
  type: z.enum([
    'sign_up',
    'login',
    'login_failed',
    'login_rate_limited',
    'refresh_reuse',
    'session_revoked',
    'sessions_revoked_all',
    'password_changed',
    'password_reset_requested',
    'password_reset',
    'role_changed',
    'mfa_enabled',
    'mfa_disabled',
    'recovery_codes_regenerated',
    'recovery_code_used',
    'mfa_failed',
    'reauthenticated',
    'reauth_failed',
    'email_verification_sent',
    'email_verified',
    'email_change_requested',
    'email_changed',
    'passkey_added',
    'passkey_removed',
    'account_exported',
    'account_disabled',
    'account_enabled',
    'account_deleted',
  ]),
  userId: uuid.nullable(),
  email: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  createdAt: isoUtc,
});
export type SecurityEvent = z.infer<typeof securityEvent>;
export const eventsBody = z.strictObject({ success: succeeded, events: z.array(securityEvent), nextCursor });

const passkey = z.strictObject({ id: uuid, name: text, createdAt: isoUtc, lastUsedAt: isoUtc.nullable() });
export const passkeyBody = z.strictObject({ success: succeeded, passkey });
export const passkeysBody = z.strictObject({ success: succeeded, passkeys: z.array(passkey) });

const credentialDescriptor = z.strictObject({ id: z.string(), type: z.literal('public-key'), transports: z.array(z.string()).optional() });
// WebAuthn options, in the JSON form the browser takes. Loose, unlike the rest: they are the WebAuthn
// library's, which adds members (timeout, hints, extensions) the reference does not spell out.
const registrationOptions = z.looseObject({
  challenge: z.string(),
  rp: z.strictObject({ id: z.string(), name: z.string() }),
  user: z.strictObject({ id: z.string(), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.strictObject({ alg: z.number(), type: z.literal('public-key') })),
  excludeCredentials: z.array(credentialDescriptor),
  authenticatorSelection: z.unknown(),
  attestation: z.string(),
});
const authenticationOptions = z.looseObject({
  challenge: z.string(),
  rpId: z.string(),
  userVerification: z.string(),
  allowCredentials: z.array(credentialDescriptor).optional(),
});
export const registrationOptionsBody = z.strictObject({ success: succeeded, options: registrationOptions });
export const authenticationOptionsBody = z.strictObject({ success: succeeded, options: authenticationOptions });

/** `/.well-known/jwks.json`: public Ed25519 keys only, never a private part. */
export const jwksBody = z.strictObject({
  keys: z.array(z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') })),
});

/** What `bodyOf` needs of an answer: the test client's, or any other with a parsed body. */
export interface ResponseLike {
  status: number;
  body: unknown;
}

/**
 * The answer's body as `schema` describes it. When it does not match, the test fails with the
 * status, what did not match and the body itself.
 */
export function bodyOf<Schema extends z.ZodType>(res: ResponseLike, schema: Schema, context = ''): z.output<Schema> {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) {
    assert.fail(`${context ? `${context}: ` : ''}the ${res.status} answer is not the expected body\n${z.prettifyError(parsed.error)}\nbody: ${JSON.stringify(res.body)?.slice(0, 1000)}`);
  }
  return parsed.data;
}

/** A Playwright (or fetch) response's JSON body, checked as `bodyOf` does. */
export async function jsonOf<Schema extends z.ZodType>(response: { status(): number; json(): Promise<unknown> }, schema: Schema, context = ''): Promise<z.output<Schema>> {
  const body = await response.json();
  return bodyOf({ status: response.status(), body }, schema, context);
}

/** The keys of the answer's body as the server sent them, sorted. */
export function keysOf(res: ResponseLike): string[] {
  return Object.keys(bodyOf(res, z.record(z.string(), z.unknown()))).sort();
}

/** The access token of a signed-in answer (register, login, refresh, a link that signs in). */
export function accessTokenOf(res: ResponseLike, context = ''): string {
  return bodyOf(res, signedInBody, context).accessToken;
}

const withUser = z.union([signedInBody, userBody, verificationRequiredBody]);

/** The `user` of any answer that carries one: signed in, `{success, user}`, or verification required. */
export function userOf(res: ResponseLike, context = ''): PublicUser {
  return bodyOf(res, withUser, context).user;
}

const withCode = z.looseObject({ code: z.string() });

/** The `code` of a JSON body that has one (errors, the health check's 503), for messages and tallies; never fails. */
export function codeOf(res: ResponseLike): string | undefined {
  return withCode.safeParse(res.body).data?.code;
}

export const passkeyOf = (res: ResponseLike, context = '') => bodyOf(res, passkeyBody, context).passkey;
export const passkeysOf = (res: ResponseLike, context = '') => bodyOf(res, passkeysBody, context).passkeys;
export const registrationOptionsOf = (res: ResponseLike, context = '') => bodyOf(res, registrationOptionsBody, context).options;
export const loginOptionsOf = (res: ResponseLike, context = '') => bodyOf(res, authenticationOptionsBody, context).options;
