import { updateUser } from '@/lib/admin/users';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { userAdminChangeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  PATCH: {
    auth: 'users:manage',
    // Handing out admin, or locking someone out, is what a stolen admin token would want first.
    recent: true,
    body: userAdminChangeSchema,
    handler: async ({ user, params, body, client }) => json({ success: true, user: await updateUser(user.sub, params.id, body, client) }),
  },
});
