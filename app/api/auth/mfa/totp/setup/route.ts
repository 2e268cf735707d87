import { startTotpSetup } from '@/lib/auth/mfa-settings';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    recent: true,
    liveSession: true,
    handler: async ({ user }) => json({ success: true, ...(await startTotpSetup(user)) }),
  },
});
