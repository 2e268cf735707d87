import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { registrationOptions } from '@/lib/passkeys/registration';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    recent: true,
    liveSession: true,
    handler: async ({ request, user }) => json({ success: true, options: await registrationOptions(request, user) }),
  },
});
