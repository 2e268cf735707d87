import { requireUser } from '@/lib/auth/access';
import { listUserSessions } from '@/lib/auth/user-sessions';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async GET(request) {
    const claims = await requireUser(request);
    return json({ success: true, sessions: await listUserSessions(claims) });
  },
});
