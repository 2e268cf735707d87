import { withClearedRefreshCookie } from '@/lib/auth/responses';
import { logOutEverywhere } from '@/lib/sessions/devices';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    async handler({ request, user, client }) {
      const revoked = await logOutEverywhere(user, client);
      return withClearedRefreshCookie(request, json({ success: true, revoked }));
    },
  },
});
