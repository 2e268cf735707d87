import { requireUser } from '@/lib/auth/access';
import { withClearedRefreshCookie } from '@/lib/auth/responses';
import { revokeUserSession } from '@/lib/auth/user-sessions';
import { requestContext } from '@/lib/http/client-address';
import { json } from '@/lib/http/respond';
import { route, routeParam } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async DELETE(request, context) {
    const claims = await requireUser(request);
    const { current } = await revokeUserSession(claims, await routeParam(context, 'id'), requestContext(request));
    const response = json({ success: true, current });
    return current ? withClearedRefreshCookie(request, response) : response;
  },
});
