import { withClearedRefreshCookie } from '@/lib/auth/responses';
import { signOutDevice } from '@/lib/sessions/devices';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  DELETE: {
    auth: 'user',
    async handler({ request, user, params, client }) {
      const { current } = await signOutDevice(user, params.id, client);
      const response = json({ success: true, current });
      return current ? withClearedRefreshCookie(request, response) : response;
    },
  },
});
