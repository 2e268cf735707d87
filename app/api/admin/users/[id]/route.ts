import { changeUserRole } from '@/lib/admin/users';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { roleChangeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  PATCH: {
    auth: 'users:manage',
    // Handing out or taking away admin is what a stolen admin token would want first.
    recent: true,
    body: roleChangeSchema,
    handler: async ({ user, params, body, client }) => json({ success: true, user: await changeUserRole(user.sub, params.id, body.role, client) }),
  },
});
