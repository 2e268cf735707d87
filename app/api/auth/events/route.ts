import { listUserEvents } from '@/lib/events/record';
import { readPageRequest } from '@/lib/http/pagination';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    async handler({ request, user }) {
      const { items, nextCursor } = await listUserEvents(user.sub, readPageRequest(request, 'user-events'));
      return json({ success: true, events: items, nextCursor });
    },
  },
});
