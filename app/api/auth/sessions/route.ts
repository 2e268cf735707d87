import { listDevices } from '@/lib/sessions/devices';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    handler: async ({ user }) => json({ success: true, sessions: await listDevices(user) }),
  },
});
