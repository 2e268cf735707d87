import { requireUser } from '../auth/access';
import { getConfig } from '../config/env';
import { errors } from '../http/errors';
import { errorResponse, json } from '../http/respond';
import { route, type Handler } from '../http/route';
import { lookUpBenchSession } from './session-lookup';

/**
 * The benchmark-only routes under /api/bench (docs/decisions/012-benchmarks.md). Without
 * BENCH_ROUTES=1 every method answers exactly like an unknown API path, so a deployment shows no
 * sign of them; /api/bench/public and /api/bench/session are on the middleware's public list and
 * would otherwise answer strangers.
 */
function benchRoute(handlers: { GET: Handler }): ReturnType<typeof route> {
  const routed = route(handlers);
  const gated = { ...routed };
  for (const method of Object.keys(routed) as Array<keyof typeof routed>) {
    const handler = routed[method];
    gated[method] = async (request, context) =>
      getConfig().benchRoutes ? handler(request, context) : errorResponse(errors.notFound('No such API endpoint'));
  }
  return gated;
}

/** The unprotected baseline of the edge-verification scenario. */
export const publicRoute = benchRoute({
  async GET() {
    return json({ success: true, user: null });
  },
});

/** The trivial protected read: the identity from the access token, no database or store. */
export const protectedRoute = benchRoute({
  async GET(request) {
    const { sub, email, role } = await requireUser(request);
    return json({ success: true, user: { id: sub, email, role } });
  },
});

/** The same read, authenticated the classic way: one session row looked up per request. */
export const sessionRoute = benchRoute({
  async GET(request) {
    return json({ success: true, user: await lookUpBenchSession(request) });
  },
});
