import { changeUserRole } from '@/lib/admin/users';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { roleChangeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  PATCH: {
    auth: 'users:manage',
    body: roleChangeSchema,
    handler: async ({ user, params, body, client }) => json({ success: true, user: await changeUserRole(user.sub, params.id, body.role, client) }),
  },
});
