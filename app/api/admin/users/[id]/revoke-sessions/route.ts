import { revokeUserSessions } from '@/lib/admin/users';
import { requirePermission } from '@/lib/auth/access';
import { requestContext } from '@/lib/http/client-address';
import { json } from '@/lib/http/respond';
import { route, routeParam } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request, context) {
    const { sub } = await requirePermission(request, 'users:manage');
    return json({ success: true, revoked: await revokeUserSessions(sub, await routeParam(context, 'id'), requestContext(request)) });
  },
});
