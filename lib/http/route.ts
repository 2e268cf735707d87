import type { NextRequest } from 'next/server';
import { errorResponse, toErrorResponse } from './respond';
import { errors } from './errors';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type Handler = (request: NextRequest, context: RouteContext) => Promise<Response>;

/**
 * Builds every method export of a route file. The methods given run with errors mapped to the
 * contract's JSON; every other method answers 405 with an `Allow` header and a JSON body (Next's
 * own 405 has an empty one).
 */
export function route(handlers: Partial<Record<Method, Handler>>): Record<Method | 'OPTIONS', Handler> {
  const allowed = METHODS.filter((method) => handlers[method]);
  const allow = [...allowed, 'OPTIONS'];
  const exported = {} as Record<Method | 'OPTIONS', Handler>;
  for (const method of METHODS) {
    const handler = handlers[method];
    exported[method] = handler
      ? async (request, context) => {
          try {
            return await handler(request, context);
          } catch (error) {
            return toErrorResponse(error, `${method} ${request.nextUrl.pathname}`);
          }
        }
      : async () => errorResponse(errors.methodNotAllowed(allow));
  }
  exported.OPTIONS = async () => new Response(null, { status: 204, headers: { Allow: allow.join(', ') } });
  return exported;
}

/** A single dynamic segment of the route (`[id]`); undefined when absent or repeated. */
export async function routeParam(context: RouteContext, name: string): Promise<string | undefined> {
  const value = (await context.params)[name];
  return typeof value === 'string' ? value : undefined;
}
