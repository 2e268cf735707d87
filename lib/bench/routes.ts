import 'server-only';
import { getConfig } from '../config/env';
import { errors } from '../http/errors';
import { errorResponse, json } from '../http/respond';
import { route, type Handler } from '../http/route';
import { startCpuProfile, stopCpuProfile } from './cpu-profile';
import { readEventLoopDelay, resetEventLoopDelay } from './event-loop';
import { lookUpBenchSession } from './session-lookup';

type RouteExports = ReturnType<typeof route>;

/**
 * The benchmark-only routes under /api/bench (docs/decisions/012-benchmarks.md). Without
 * BENCH_ROUTES=1 every method answers exactly like an unknown API path, so a deployment shows no
 * sign of them; /api/bench/public and /api/bench/session are public routes and would otherwise
 * answer strangers.
 */
function benchOnly(routed: RouteExports): RouteExports {
  const gated = { ...routed };
  for (const method of Object.keys(routed) as Array<keyof RouteExports>) {
    const handler = routed[method];
    const wrapped: Handler = async (request, context) =>
      getConfig().benchRoutes ? handler(request, context) : errorResponse(errors.notFound('No such API endpoint'));
    wrapped.policy = handler.policy;
    gated[method] = wrapped;
  }
  return gated;
}

/** The unprotected baseline of the edge-verification scenario. */
export const publicRoute = benchOnly(
  route({
    GET: { auth: 'public', handler: async () => json({ success: true, user: null }) },
  }),
);

/** The trivial protected read: the identity from the access token, no database or store. */
export const protectedRoute = benchOnly(
  route({
    GET: {
      auth: 'user',
      handler: async ({ user: { sub, email, role } }) => json({ success: true, user: { id: sub, email, role } }),
    },
  }),
);

/** The same read, authenticated the classic way: one session row looked up per request. */
export const sessionRoute = benchOnly(
  route({
    GET: { auth: 'public', handler: async ({ request }) => json({ success: true, user: await lookUpBenchSession(request) }) },
  }),
);

/** The server's event-loop delay since the last POST (which starts and empties it): lib/bench/event-loop.ts. */
export const eventLoopRoute = benchOnly(
  route({
    GET: { auth: 'user', handler: async () => json({ success: true, delay: readEventLoopDelay() }) },
    POST: {
      auth: 'user',
      handler: async () => {
        resetEventLoopDelay();
        return json({ success: true });
      },
    },
  }),
);

/** The server's CPU profile: POST opens a window, GET closes it and answers it (lib/bench/cpu-profile.ts). */
export const cpuProfileRoute = benchOnly(
  route({
    GET: { auth: 'user', handler: async () => json({ success: true, window: await stopCpuProfile() }) },
    POST: {
      auth: 'user',
      handler: async () => {
        await startCpuProfile();
        return json({ success: true });
      },
    },
  }),
);
