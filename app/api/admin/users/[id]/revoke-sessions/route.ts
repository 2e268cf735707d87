import { revokeUserSessions } from '@/lib/admin/users';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'users:manage',
    recent: true,
    handler: async ({ user, params, client }) => json({ success: true, revoked: await revokeUserSessions(user.sub, params.id, client) }),
  },
});
