import { changeUserRole } from '@/lib/admin/users';
import { requirePermission } from '@/lib/auth/access';
import { readJson } from '@/lib/http/body';
import { requestContext } from '@/lib/http/client-address';
import { json } from '@/lib/http/respond';
import { route, routeParam } from '@/lib/http/route';
import { roleChangeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async PATCH(request, context) {
    const { sub } = await requirePermission(request, 'users:manage');
    const { role } = await readJson(request, roleChangeSchema);
    return json({ success: true, user: await changeUserRole(sub, await routeParam(context, 'id'), role, requestContext(request)) });
  },
});
