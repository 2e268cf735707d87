import 'server-only';
import type { NextRequest } from 'next/server';
import type * as z from '../validation/zod';
import { requirePermission, requireRecentAuthentication, requireUser } from '../auth/access';
import type { Permission } from '../auth/permissions';
import { requireCronSecret } from '../auth/cron-secret';
import type { AccessClaims } from '../auth/tokens';
import { pruneWhenDue } from '../retention/schedule';
import { readJson } from './body';
import { requestContext, type RequestContext } from './client-address';
import { errors } from './errors';
import { assertSameOrigin } from './origin-check';
import { errorResponse, toErrorResponse } from './respond';
import { requireLiveSession } from '../sessions/live-session';

/**
 * Every API route declares its policy here, one object per method, so what a route demands can be
 * read at a glance and is enforced in one order for all of them:
 *
 *   origin (CSRF) → auth (access token, role) → recent (authentication) → live session → limit → body → handler
 *
 * Methods a route does not declare answer 405 with `Allow` and a JSON body (Next's own 405 has an
 * empty one). The routes that take no access token (`public` and `cron`) are also listed in
 * lib/http/public-routes.ts and left out of the middleware's matcher;
 * tests/unit/route-policy.test.ts checks that the three agree.
 */

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/**
 * `public`: no token; `cron`: the scheduler's `Bearer <CRON_SECRET>`, never an access token;
 * `user`: any valid access token; a permission: a token whose role has it.
 */
export type Auth = 'public' | 'cron' | 'user' | Permission;

/** The kinds that take no access token: the middleware must not run on them. */
export type TokenlessAuth = 'public' | 'cron';

type Params = Record<string, string | undefined>;

interface EndpointInput<A extends Auth, S extends z.ZodMiniType | undefined> {
  request: NextRequest;
  /** Who sent it: the client's address and user agent, for limits and the event log. */
  client: RequestContext;
  /** The route's dynamic segments; a segment given more than once is undefined. */
  params: Params;
  user: A extends TokenlessAuth ? undefined : AccessClaims;
  body: S extends z.ZodMiniType ? z.output<S> : undefined;
}

export interface Endpoint<A extends Auth, S extends z.ZodMiniType | undefined> {
  auth: A;
  /**
   * Refuse browser requests from other origins (lib/http/origin-check.ts). Required by every
   * cookie-authenticated or public write, where a foreign page could otherwise make a visitor's
   * browser act.
   */
  origin?: true;
  /**
   * A sensitive action: the access token's `auth_time` must be within REAUTH_MAX_AGE, else 403
   * `reauth_required` (the client then asks for the password or a code, POST /api/auth/reauth,
   * and retries). Only for routes that take a token.
   */
  recent?: A extends TokenlessAuth ? never : true;
  /**
   * An action that adds a way into the account (a passkey, a second factor, another address): the
   * token's session must still be live, else 401 `invalid_token` (lib/sessions/live-session.ts).
   */
  liveSession?: A extends TokenlessAuth ? never : true;
  /** A rate limit checked before the body is read. */
  limit?: (client: RequestContext) => Promise<void>;
  /** The JSON body's schema; the handler receives the parsed value. */
  body?: S;
  handler(input: EndpointInput<A, S>): Promise<Response>;
}

type NextContext = { params: Promise<Record<string, string | string[] | undefined> | undefined> };
export type Handler = ((request: NextRequest, context: NextContext) => Promise<Response>) & { policy?: Policy };

/** What a method demands, without its handler: read by the route-policy test. */
export interface Policy {
  auth: Auth;
  origin: boolean;
  recent: boolean;
  body: boolean;
}

type AnyEndpoint = Endpoint<Auth, z.ZodMiniType | undefined>;

export const takesNoAccessToken = (auth: Auth): auth is TokenlessAuth => auth === 'public' || auth === 'cron';

async function authenticate(request: NextRequest, auth: Auth): Promise<AccessClaims | undefined> {
  if (auth === 'public') return undefined;
  if (auth === 'cron') {
    requireCronSecret(request);
    return undefined;
  }
  return auth === 'user' ? requireUser(request) : requirePermission(request, auth);
}

async function readParams(context: NextContext): Promise<Params> {
  const params: Params = {};
  // Next gives a route without dynamic segments no params object at all.
  for (const [name, value] of Object.entries((await context.params) ?? {})) params[name] = typeof value === 'string' ? value : undefined;
  return params;
}

function handle(method: Method, endpoint: AnyEndpoint): Handler {
  const recent = endpoint.recent === true;
  if (recent && takesNoAccessToken(endpoint.auth)) throw new Error(`${method}: a route without an access token cannot demand recent authentication`);
  const handler: Handler = async (request, context) => {
    try {
      if (endpoint.origin) assertSameOrigin(request);
      const user = await authenticate(request, endpoint.auth);
      if (recent && user) requireRecentAuthentication(user);
      if (endpoint.liveSession && user) await requireLiveSession(user);
      const client = requestContext(request);
      if (endpoint.limit) await endpoint.limit(client);
      const body = endpoint.body ? await readJson(request, endpoint.body) : undefined;
      return await endpoint.handler({ request, client, params: await readParams(context), user, body } as EndpointInput<Auth, z.ZodMiniType | undefined>);
    } catch (error) {
      return toErrorResponse(error, `${method} ${request.nextUrl.pathname}`);
    } finally {
      pruneWhenDue();
    }
  };
  handler.policy = { auth: endpoint.auth, origin: endpoint.origin === true, recent, body: endpoint.body !== undefined };
  return handler;
}

/**
 * Builds every method export of a route file from its declared endpoints. Each method infers its
 * own `user` and `body` types from its `auth` and `body`.
 */
export function route<
  GA extends Auth = never,
  GS extends z.ZodMiniType | undefined = undefined,
  PA extends Auth = never,
  PS extends z.ZodMiniType | undefined = undefined,
  UA extends Auth = never,
  US extends z.ZodMiniType | undefined = undefined,
  AA extends Auth = never,
  AS extends z.ZodMiniType | undefined = undefined,
  DA extends Auth = never,
  DS extends z.ZodMiniType | undefined = undefined,
>(endpoints: {
  GET?: Endpoint<GA, GS>;
  POST?: Endpoint<PA, PS>;
  PUT?: Endpoint<UA, US>;
  PATCH?: Endpoint<AA, AS>;
  DELETE?: Endpoint<DA, DS>;
}): Record<Method | 'OPTIONS', Handler> {
  const declared = endpoints as Partial<Record<Method, AnyEndpoint>>;
  const allow = [...METHODS.filter((method) => declared[method]), 'OPTIONS'];
  const exported = {} as Record<Method | 'OPTIONS', Handler>;
  for (const method of METHODS) {
    const endpoint = declared[method];
    exported[method] = endpoint ? handle(method, endpoint) : async () => errorResponse(errors.methodNotAllowed(allow));
  }
  exported.OPTIONS = async () => new Response(null, { status: 204, headers: { Allow: allow.join(', ') } });
  return exported;
}
