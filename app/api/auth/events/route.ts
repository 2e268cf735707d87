import { requireUser } from '@/lib/auth/access';
import { listUserEvents } from '@/lib/events/record';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async GET(request) {
    const { sub } = await requireUser(request);
    return json({ success: true, events: await listUserEvents(sub) });
  },
});
