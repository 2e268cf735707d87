import { listUsers } from '@/lib/admin/users';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'users:manage',
    handler: async ({ user }) => json({ success: true, users: await listUsers(user.sub) }),
  },
});
