import { listUsers } from '@/lib/admin/users';
import { readPageRequest } from '@/lib/http/pagination';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'users:manage',
    async handler({ request, user }) {
      const { items, nextCursor } = await listUsers(user.sub, readPageRequest(request, 'users'));
      return json({ success: true, users: items, nextCursor });
    },
  },
});
