import { listSecurityEventsForAdmin } from '@/lib/admin/events';
import { readPageRequest } from '@/lib/http/pagination';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'users:manage',
    async handler({ request, user }) {
      const { items, nextCursor } = await listSecurityEventsForAdmin(user.sub, readPageRequest(request, 'events'));
      return json({ success: true, events: items, nextCursor });
    },
  },
});
